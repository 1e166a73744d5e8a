/* Nothing typed on a question's form is lost without a word.

   htmx saves each form as it changes (typing waits for a pause). This file covers what htmx alone does not:
   - leaving the page (a link, Back, closing the tab) while a change is still waiting for its save: the form is
     sent at once, with fetch(..., {keepalive: true}), which the browser completes after the page has gone;
   - the tab going into the background: pending forms are saved straight away rather than after the pause;
   - a warning before leaving while a save is pending or was refused;
   - a save the server refuses with an error status, or that never reaches it: said beside the question, in
     plain words, with what was typed left as it is. (Refusals the server explains itself, such as a
     conflict or an invalid answer, come back as the question's own message.)
   The words are the page's, in its language: data attributes of #save-words. */
(function () {
  "use strict";

  var edits = new WeakMap();    // form -> how many changes were made to it
  var sending = new WeakMap();  // form -> how many of them the request under way carries
  var saved = new WeakMap();    // form -> how many of them are saved
  var failed = new Set();       // forms whose last save was refused or did not arrive
  var sentOnLeaving = false;

  function saves(form) {
    return form instanceof HTMLFormElement && form.hasAttribute("data-saves");
  }

  function count(map, form) {
    return map.get(form) || 0;
  }

  function pending(form) {
    return count(edits, form) > count(saved, form);
  }

  function pendingForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form[data-saves]"), pending);
  }

  function refused() {
    return Array.from(failed).filter(function (form) { return document.contains(form); });
  }

  function edited(event) {
    var form = event.target && event.target.form;
    if (saves(form)) {
      edits.set(form, count(edits, form) + 1);
    }
  }

  function words(name, status) {
    var holder = document.getElementById("save-words");
    var text = (holder && holder.getAttribute("data-" + name)) || "";
    return text.replace("{status}", String(status));
  }

  function tell(form, status) {
    var place = form.querySelector(".saved");
    if (!place) {
      return;
    }
    var message = document.createElement("p");
    message.className = "error save-refused";
    if (status === 0) {
      message.textContent = words("offline", status);
    } else if (status === 403) {
      message.textContent = words("refused", status);
    } else {
      message.textContent = words("failed", status);
    }
    place.replaceChildren(message);
  }

  function csrf(form) {
    var field = form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function sendNow(form) {
    var body = new URLSearchParams(new FormData(form));
    try {
      fetch(form.action, {
        method: "POST", body: body, keepalive: true, credentials: "same-origin",
        headers: {"HX-Request": "true", "X-CSRF-Token": csrf(form)}
      }).catch(function () { /* refused by the browser (over its 64 KiB for such requests): warned before */ });
    } catch (ignored) {
      return;
    }
    saved.set(form, count(edits, form));
    sentOnLeaving = true;
  }

  // "Reload to take theirs" (after a conflict) discards what was typed on purpose: no warning for it.
  var discarding = false;
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.reload") : null;
    if (link) {
      discarding = true;
    }
  });

  document.addEventListener("input", edited, true);
  document.addEventListener("change", edited, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (saves(form)) {
      sending.set(form, count(edits, form));
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!saves(form)) {
      return;
    }
    var xhr = event.detail.xhr;
    var said = xhr ? xhr.getResponseHeader("X-Assess-Saved") : null;
    // Saved; or refused for good (the answers are frozen, as the page now says): nothing left to keep.
    if (event.detail.successful && said !== "no") {
      saved.set(form, Math.max(count(saved, form), count(sending, form)));
      failed.delete(form);
      return;
    }
    failed.add(form);
    if (!event.detail.successful) {
      tell(form, xhr ? xhr.status : 0);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && window.htmx) {
      pendingForms().forEach(function (form) { window.htmx.trigger(form, "submit"); });
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!discarding && (pendingForms().length || refused().length)) {
      event.preventDefault();
      event.returnValue = "";  // older browsers show their own words; none shows a page's
    }
  });

  window.addEventListener("pagehide", function () {
    pendingForms().forEach(sendNow);
  });

  // Back on a page the browser kept in memory after sending its changes: its revisions are old, so it is
  // loaded again rather than saved over.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && sentOnLeaving) {
      window.location.reload();
    }
  });
}());
