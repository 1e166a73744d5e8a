"""The "go to a question" list: type a question's number (or words from it) to narrow the list,
Enter to go, Escape to go back.

The choosing is plain data (`Entry`, `narrow`, `Listing`), so it is tested without a terminal;
`pick` runs it in a small prompt_toolkit application that fills the terminal's height, whatever
the terminal's size, and follows it when it changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assess.i18n import Translator
from assess.interview import render
from assess.questionnaire import Questionnaire

_NUMBER = re.compile(r"^[0-9.]+$")


@dataclass(frozen=True)
class Entry:
    """One line of the list: a question (`index` set) or an action such as "stay" (`action` set)."""

    label: str
    number: str = ""  # "2.1.3"; empty for actions
    mark: str = ""
    group: str = ""  # "Framework › Section", shown above its first question
    words: str = ""  # what typed words are looked for in, casefolded
    index: int | None = None
    action: str | None = None


def entries(questionnaire: Questionnaire, stay_label: str, open_label: str | None) -> list[Entry]:
    found = [Entry(stay_label, action="stay")]
    if open_label is not None:
        found.append(Entry(open_label, action="open"))
    for index in questionnaire.visible():
        slot = questionnaire.slots[index]
        group = f"{slot.framework.title} › {slot.section.title}"
        found.append(Entry(
            slot.question.ask, number=questionnaire.number(index),
            mark=render.MARKS.get(questionnaire.status(index), "·"),
            group=group, words=" ".join([slot.question.ask, group]).casefold(), index=index,
        ))
    return found


def narrow(all_entries: Sequence[Entry], typed: str) -> list[Entry]:
    """The entries that match what was typed: a number matches that question and those under it
    ("2.1" matches 2.1.1, 2.1.2 ...), words match questions whose text or section holds them all.
    Nothing typed: everything."""
    typed = typed.strip()
    if not typed:
        return list(all_entries)
    if _NUMBER.match(typed):
        stem = typed.rstrip(".")
        return [e for e in all_entries if e.number and (e.number == stem or e.number.startswith(stem + "."))]
    words = typed.casefold().split()
    return [e for e in all_entries if e.index is not None and all(w in e.words for w in words)]


class Listing:
    """What is typed, what it narrows the list to, and which line is chosen."""

    def __init__(self, all_entries: Sequence[Entry], current: int | None) -> None:
        self.all = list(all_entries)
        self.typed = ""
        self.shown = list(self.all)
        self.cursor = next((n for n, e in enumerate(self.shown) if e.index is not None and e.index == current), 0)

    def type(self, text: str) -> None:
        self.typed += text
        self._refilter()

    def erase(self) -> None:
        self.typed = self.typed[:-1]
        self._refilter()

    def _refilter(self) -> None:
        self.shown = narrow(self.all, self.typed)
        exact = next((n for n, e in enumerate(self.shown) if e.number and e.number == self.typed.strip()), None)
        self.cursor = exact if exact is not None else 0

    def move(self, step: int) -> None:
        if self.shown:
            self.cursor = min(max(self.cursor + step, 0), len(self.shown) - 1)

    def chosen(self) -> Entry | None:
        return self.shown[self.cursor] if self.shown else None

    def lines(self, width: int, height: int) -> list[tuple[bool, str]]:
        """The list as (is the chosen line, text), headings included, at most `height` lines, scrolled
        so the chosen line is in view."""
        rows: list[tuple[bool, str]] = []
        chosen_row = 0
        group = None
        for n, entry in enumerate(self.shown):
            if entry.index is not None and entry.group != group:
                group = entry.group
                rows.append((False, render.clip(f"── {group}", width - 2)))
            if n == self.cursor:
                chosen_row = len(rows)
            if entry.index is None:
                text = render.clip(f"  {entry.label}", width - 2)
            else:
                head = f"{entry.number:>7} {entry.mark} "
                text = head + render.clip(entry.label, width - 2 - len(head))
            rows.append((n == self.cursor, text))
        height = max(height, 1)
        start = max(chosen_row - height + 1, 0)
        if start > 0 and chosen_row - start < height - 1 and rows[start - 1][1].startswith("──"):
            start -= 1  # the chosen question's heading too, when it fits
        return rows[start:start + height]


def pick(listing: Listing, title: str, tr: Translator, style: object) -> Entry | None:
    """Run the list in the terminal; the chosen entry, or None for Escape (or q with nothing typed)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from assess.interview.prompts import rows

    keys_hint = [tr("Type a number (like 2.1.3) or words to narrow the list"), tr("↑↓ PgUp PgDn"),
                 tr("Enter goes there"), tr("Esc goes back")]

    def top() -> list[str]:
        width = render.screen_width()
        return [*render.wrap(title, width=width), *render.wrap_items(keys_hint, width=width)]

    def head_text() -> Any:
        typed = listing.typed
        lines: list[tuple[str, str]] = [("class:question", line + "\n") for line in top()]
        lines.append(("bold", tr("Go to: ")))
        lines.append(("reverse", typed + " "))
        if typed and not listing.shown:
            lines.append(("", "  " + render.clip(tr("No question matches: Backspace to change it."),
                                                 max(render.screen_width() - len(typed) - 10, 10))))
        return lines

    def list_text() -> Any:
        width = render.screen_width()
        height = rows() - len(top()) - 2
        out: list[tuple[str, str]] = []
        for chosen, text in listing.lines(width, height):
            out.append(("reverse bold" if chosen else "", ("» " if chosen else "  ") + text))
            out.append(("", "\n"))
        return out[:-1]

    bindings = KeyBindings()
    result: list[Entry | None] = [None]

    @bindings.add(Keys.Any)
    def _typed(event: KeyPressEvent) -> None:
        data = event.data
        if data == "q" and not listing.typed:
            event.app.exit()
        elif data.isprintable() and data:
            listing.type(data)

    @bindings.add("backspace")
    def _erase(event: KeyPressEvent) -> None:
        listing.erase()

    @bindings.add("escape", eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit()

    @bindings.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt)

    @bindings.add("enter")
    def _go(event: KeyPressEvent) -> None:
        chosen = listing.chosen()
        if chosen is not None:
            result[0] = chosen
            event.app.exit()

    for key, step in (("up", -1), ("down", 1), ("pageup", -10), ("pagedown", 10), ("home", -10_000),
                      ("end", 10_000)):
        bindings.add(key)(lambda event, step=step: listing.move(step))

    layout = Layout(HSplit([
        Window(FormattedTextControl(head_text), dont_extend_height=True, wrap_lines=False),
        Window(FormattedTextControl(list_text), dont_extend_height=True, wrap_lines=False),
    ]))
    app: Application[None] = Application(layout=layout, key_bindings=bindings, style=style,  # type: ignore[arg-type]
                                         full_screen=False, erase_when_done=True)
    app.run()
    return result[0]
