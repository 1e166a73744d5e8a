"""The terminal side: questionary prompts, keyboard shortcuts, and the screen layout.

questionary (and prompt_toolkit under it) is imported only here, and this module is
imported only by `assess run`, so the other commands start without it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from questionary import Choice, Separator, Style

from assess import labels
from assess.assessments import Metadata
from assess.checks import answer_problem
from assess.i18n import Translator
from assess.interview import render
from assess.interview.flow import Details, Finish, Kind, Reply, Screen, parse_evidence
from assess.model import DONT_KNOW, AnswerValue, Assessment, Confidence, Framework, Question, QuestionType
from assess.questionnaire import Questionnaire
from assess.safetext import visible

# Choice values for the actions beside the options; option values can never look like these.
SPECIAL = {
    "__dont_know__": Kind.dont_know, "__skip__": Kind.skip, "__back__": Kind.back, "__jump__": Kind.jump,
    "__details__": Kind.details,
}
NOT_APPLICABLE = "__not_applicable__"  # offered only where the framework allows it; then the reason is asked
WRITE = "__write__"
KEEP = "__keep__"
HOTKEYS = {"d": "__dont_know__", "s": "__skip__", "b": "__back__", "g": "__jump__"}
EXTRA_KEYS = {"h": Kind.help, "q": Kind.stop, "m": Kind.about}
HOTKEYS["e"] = "__details__"
RESIZE = "__resize__"
# Key hints: each item is kept whole when the line wraps.
INSTRUCTION = ["Keys: ↑↓ Enter, or a number or letter", "h help", "m about the assessment", "q stop"]
MULTI_INSTRUCTION = "Space or a number ticks, Enter confirms"
MULTI_KEYS = ["Keys: d don't know", "s skip", "b back", "g go to a question", "m about the assessment", "h help",
              "q stop"]
COMPACT_KEYS = ["Keys: ↑↓ Enter or a number", "d don't know", "s skip", "b back", "g go to a question",
                "m about the assessment", "h help", "q stop"]
COMPACT_KEYS_ANSWERED = ["Keys: ↑↓ Enter or a number", "d don't know", "s go on", "b back", "g go to a question",
                         "e note, evidence", "m about the assessment", "h help", "q stop"]

PERSPECTIVES = [
    ("ethics-board", "An ethics board or panel"),
    ("staff-association", "A staff association or trade union"),
    ("organisation", "The organisation deploying the system"),
    ("policy", "Policy or assurance staff"),
]
MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE"]
CONFIDENCE_LABELS = {
    Confidence.asserted: "Asserted: someone says so",
    Confidence.documented: "Documented: a document says so",
    Confidence.verified: "Independently verified",
}
OTHER = "__other__"
IDLE_COLLECT_DELAY = 0.15  # seconds after a prompt appears
COLLECT_AT_LATEST = 25  # prompts
NONE = "__none__"


def _reason(questionnaire: Questionnaire, index: int) -> str | None:
    """The reason recorded where the question was answered "not applicable", else None."""
    answer = questionnaire.answer(index)
    return answer.not_applicable if answer is not None and answer.answer is None else None


def _with_not_applicable(keys: list[str], question: Question) -> list[str]:
    """The key hints, with "n not applicable" after "d don't know" where the question allows it."""
    if not question.may_be_not_applicable:
        return keys
    after = next(i for i, key in enumerate(keys) if key.endswith("d don't know")) + 1
    return [*keys[:after], "n not applicable", *keys[after:]]


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def style() -> Style:
    """Bold and reverse video carry the emphasis; colour, when allowed, only repeats it."""
    if no_color():
        return Style([
            ("qmark", "bold"), ("question", "bold"), ("answer", "bold"), ("pointer", "bold"),
            ("highlighted", "reverse"), ("selected", "bold"), ("separator", ""), ("instruction", ""),
            ("text", ""), ("disabled", ""), ("validation-toolbar", "reverse"),
        ])
    return Style([
        ("qmark", "bold fg:ansicyan"), ("question", "bold"), ("answer", "bold fg:ansicyan"),
        ("pointer", "bold fg:ansicyan"), ("highlighted", "bold reverse"), ("selected", "bold"),
        ("separator", "fg:ansibrightblack"), ("instruction", "fg:ansibrightblack"),
    ])


def rows() -> int:
    return render.terminal_size().lines


def _lines_of(choices: Sequence[Any]) -> int:
    return sum(str(c.title).count("\n") + 1 if isinstance(c, Choice) else 1 for c in choices)


def _print(lines: Sequence[str]) -> None:
    sys.stdout.write(visible("\n".join(lines)) + "\n")  # no framework text may control the screen
    sys.stdout.flush()


def _clear() -> None:
    sys.stdout.write("\x1b[H\x1b[2J")


def _label(prefix: str, text: str, width: int = render.WIDTH) -> str:
    """An option's title, wrapped under its prefix. questionary puts three or four columns (pointer,
    tick box) before it and two before each continuation line, so wrap to what is left."""
    indent = " " * len(prefix)
    body = render.wrap(text, width=max(width - 4 - len(prefix), 10))
    return prefix + ("\n" + "  " + indent).join(body)


def _text_prompt(message: str, **kwargs: Any) -> Any:
    """A questionary text prompt whose message, if long, is printed wrapped above it: the line the
    respondent types on keeps room to type, and the terminal never breaks the message mid-word."""
    width = render.screen_width()
    if len(message) + 2 > width // 2:
        _print(render.wrap(message, width=width))
        message = "›"
    return questionary.text(message, **kwargs)


def _with_keys(question: Any, keys: dict[str, Callable[[KeyPressEvent], None]],
               on_resize: Callable[[], Any] | None = None) -> Any:
    """Add single-key shortcuts to a questionary prompt, and tidy memory while it waits. With
    `on_resize`, a change of the terminal's size ends the prompt with that function's value, so
    the caller can wrap the screen again to the new width."""
    bindings = KeyBindings()
    for key, handler in keys.items():
        bindings.add(key, eager=True)(handler)
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])
    app.pre_run_callables.append(_collect_when_idle)
    if on_resize is not None:
        app.erase_when_done = True  # its answered line would be wrapped by the terminal: the caller says it
        def resized() -> None:
            if not app.is_done:
                app.exit(result=on_resize())
        # prompt_toolkit looks this up when it starts; its own handler would redraw the old wrapping.
        setattr(app, "_on_resize", resized)  # noqa: B010
    return question


def _collect_when_idle() -> None:
    """During the questions the runner turns automatic garbage collection off, because a full
    collection stalls the screen for ~100 ms at random answers; collect instead just after a
    prompt is drawn, while the respondent reads it."""
    if gc.isenabled():
        return
    _pending[0] += 1
    if _pending[0] >= COLLECT_AT_LATEST:  # answers coming faster than anyone reads: collect now
        _collected()
    else:
        asyncio.get_running_loop().call_later(IDLE_COLLECT_DELAY, _collected)


_pending = [0]  # prompts shown since the last collection


def _collected() -> None:
    gc.collect()
    _pending[0] = 0


def _exit_with(value: Any, control: Any = None) -> Callable[[KeyPressEvent], None]:
    """A key that answers at once; with the list's control, the chosen line is shown as the answer."""
    def handler(event: KeyPressEvent) -> None:
        if control is not None:
            for i, choice in enumerate(control.choices):
                if not isinstance(choice, Separator) and choice.value == value:
                    control.pointed_at = i
                    control.is_answered = True
        event.app.exit(result=value)
    return handler


def _pointed(question: Any) -> Any:
    """The InquirerControl inside a questionary list prompt (to read the pointed-at choice)."""
    for window in question.application.layout.find_all_windows():
        content = window.content
        if hasattr(content, "get_pointed_at"):
            return content
    return None


def _pager(control: Any, step: int) -> Callable[[KeyPressEvent], None]:
    def handler(event: KeyPressEvent) -> None:
        if control is None:
            return
        target = min(max(control.pointed_at + step, 0), len(control.choices) - 1)
        while isinstance(control.choices[target], Separator) and 0 < target < len(control.choices) - 1:
            target += 1 if step > 0 else -1
        control.pointed_at = target
    return handler


def _share_default_key_bindings() -> None:
    """prompt_toolkit builds its whole default key map (vi mode included: thousands of bindings)
    for every application, and a questionary list builds three: most of the time between an
    answer and the next question. The map holds no per-application state (its filters read the
    running application), so build it once and share it."""
    from prompt_toolkit.application import application

    original = getattr(application, "load_key_bindings", None)
    if original is not None and not getattr(original, "_assess_shared", False):
        shared = functools.cache(original)
        setattr(shared, "_assess_shared", True)  # noqa: B010
        setattr(application, "load_key_bindings", shared)  # noqa: B010


class TerminalUI:
    def __init__(self, lang: str = "en") -> None:
        self.tr = Translator(lang)
        self.style = style()
        self._reason_default = ""  # the question's recorded reason for "not applicable", offered to edit
        _share_default_key_bindings()

    # ------------------------------------------------------------------ questions

    def ask_question(self, screen: Screen) -> Reply:
        questionnaire, index = screen.questionnaire, screen.index
        question = questionnaire.slots[index].question
        multi = question.type is QuestionType.multi
        tr = self.tr
        ticked: list[str] | None = None  # a multi question's ticks, kept across a resize
        self._reason_default = _reason(questionnaire, index) or ""
        while True:
            if render.columns() < render.MIN_WIDTH:
                self.too_narrow()
                continue
            width, height = render.screen_width(), rows()
            notices = [line for notice in screen.notices for line in render.wrap(notice, width=width)]
            notices += [""] if notices else []
            hint = render.type_hint(question, tr.lang)
            extra = render.wrap(hint, width=width) if hint else []
            compact = False
            choices, default = self._choices(questionnaire, index, width, ticked=ticked)
            if multi:
                extra += render.wrap_items([tr(k) for k in _with_not_applicable(MULTI_KEYS, question)], width=width)
            else:
                # Everything must fit, or the terminal scrolls the question's number out of sight: the
                # position line, the question and the options come first. Where the actions listed under
                # the options do not fit, they are named on one keys line instead (the keys still work).
                need = len(render.header(questionnaire, index, help_lines=0, width=width, max_lines=3))
                full = len(render.wrap_items([tr(k) for k in INSTRUCTION], width=width)) + _lines_of(choices)
                if len(notices) + need + len(extra) + full + 2 > height:
                    compact = True
                    choices, default = self._choices(questionnaire, index, width, compact=True)
            if not multi:
                answered = questionnaire.value(index) is not None or _reason(questionnaire, index) is not None
                keys = COMPACT_KEYS_ANSWERED if compact and answered else (COMPACT_KEYS if compact else INSTRUCTION)
                keys = _with_not_applicable(keys, question) if compact else keys
                extra += render.wrap_items([tr(k) for k in keys], width=width)
            room = height - len(notices) - len(extra) - _lines_of(choices) - 2  # the prompt's line, and one spare
            head = render.header(questionnaire, index, help_lines=max(room - 4, 1), width=width, max_lines=max(room, 2))
            _clear()
            _print([*notices, *head, *extra])
            if multi:
                reply, ticked = self._ask_multi(question, choices)
            else:
                reply = self._ask_select(question, choices, default)
            if reply is not None:
                return reply
            screen.notices = []

    def too_narrow(self) -> None:
        """Below the minimum width, say so plainly (in as few columns as possible) and wait."""
        _clear()
        _print(render.wrap(self.tr("This window is {n} columns wide; the questionnaire needs {min}. Widen it, "
                                   "or make the text smaller. Your answers are saved.", n=render.columns(),
                                   min=render.MIN_WIDTH), width=max(render.columns() - 1, 10)))
        prompt = questionary.press_any_key_to_continue(" ", style=self.style)
        _with_keys(prompt, {}, on_resize=lambda: None).unsafe_ask()

    def _choices(self, questionnaire: Questionnaire, index: int, width: int = render.WIDTH, *, compact: bool = False,
                 ticked: list[str] | None = None) -> tuple[list[Any], str | None]:
        """The options, numbered, and (unless `compact`) the actions under them."""
        question = questionnaire.slots[index].question
        value = questionnaire.value(index)
        tr = self.tr
        choices: list[Any] = []
        default: str | None = None
        if question.type is QuestionType.scale:
            scale = question.scale
            low, high = (scale.min, scale.max) if scale else (1, 5)
            for n in range(low, high + 1):
                label = str(n)
                if scale is not None and n == low and scale.low_label:
                    label += f" ({scale.low_label})"
                if scale is not None and n == high and scale.high_label:
                    label += f" ({scale.high_label})"
                choices.append(Choice(_label("", label, width), value=str(n)))
            if isinstance(value, int):
                default = str(value)
        elif question.options:
            chosen = ticked if ticked is not None else value if isinstance(value, list) else [value]
            for n, option in enumerate(question.options, start=1):
                prefix = f"{n}) " if n <= 9 else "   "
                choices.append(Choice(_label(prefix, option.label, width), value=option.value,
                                      checked=question.type is QuestionType.multi and option.value in chosen))
            if isinstance(value, str) and question.option(value) is not None:
                default = value
        elif value is not None and value != DONT_KNOW:
            choices.append(Choice(_label("1) ", tr("Keep: {value}", value=value), width), value=KEEP))
            choices.append(Choice("2) " + tr("Change the answer…"), value=WRITE))
        else:
            choices.append(Choice("1) " + tr("Write an answer…"), value=WRITE))
        if question.type is QuestionType.multi or compact:
            return choices, None if compact and value == DONT_KNOW else default
        answered = value is not None or _reason(questionnaire, index) is not None
        choices.append(Separator(" "))
        choices.append(Choice("d) " + tr("Don't know"), value="__dont_know__"))
        choices.append(Choice("s) " + (tr("Leave as it is and go on") if answered else tr("Skip for now")),
                              value="__skip__"))
        choices.append(Choice("b) " + tr("Back to the previous question"), value="__back__"))
        choices.append(Choice("g) " + tr("Go to another question…"), value="__jump__"))
        if answered:
            choices.append(Choice("e) " + tr("Note, evidence and confidence…"), value="__details__"))
        if question.may_be_not_applicable:
            choices.insert(choices.index(next(c for c in choices if getattr(c, "value", None) == "__dont_know__")) + 1,
                           Choice("n) " + tr("Not applicable…"), value=NOT_APPLICABLE))
            if _reason(questionnaire, index) is not None:
                default = NOT_APPLICABLE
        if value == DONT_KNOW:
            default = "__dont_know__"
        return choices, default

    def _ask_select(self, question: Question, choices: list[Any], default: str | None) -> Reply | None:
        prompt = questionary.select(
            self.tr("Your answer"), choices=choices, default=default, style=self.style,
            instruction=" ", use_shortcuts=False, use_indicator=False,
        )
        control = _pointed(prompt)
        keys = {key: _exit_with(value, control) for key, value in HOTKEYS.items()}
        keys.update({key: _exit_with(f"__{kind.value}__", control) for key, kind in EXTRA_KEYS.items()})
        if question.may_be_not_applicable:
            keys["n"] = _exit_with(NOT_APPLICABLE, control)
        answers = [str(c.value) for c in choices
                   if isinstance(c, Choice) and not isinstance(c, Separator) and not str(c.value).startswith("__")]
        if question.type is QuestionType.scale:
            for value in answers:
                if len(value) == 1:
                    keys[value] = _exit_with(value, control)
        else:
            for n, value in enumerate(answers[:9], start=1):
                keys[str(n)] = _exit_with(value, control)
        picked = _with_keys(prompt, keys, on_resize=lambda: RESIZE).unsafe_ask()
        return None if picked == RESIZE else self._reply(question, picked)

    def _ask_multi(self, question: Question, choices: list[Any]) -> tuple[Reply | None, list[str] | None]:
        """The reply (None: ask again), and the ticks to keep when the terminal was resized."""
        def validate(picked: list[str]) -> bool | str:
            return self.tick_problem(question, picked) or True

        prompt = questionary.checkbox(
            self.tr("Your answer"), choices=choices, style=self.style, validate=validate,
            instruction=self.tr(MULTI_INSTRUCTION),
        )
        control = _pointed(prompt)
        keys = {key: _exit_with([value]) for key, value in HOTKEYS.items()}
        keys.update({key: _exit_with([f"__{kind.value}__"]) for key, kind in EXTRA_KEYS.items()})
        if question.may_be_not_applicable:
            keys["n"] = _exit_with([NOT_APPLICABLE])
        for n, choice in enumerate(choices[:9], start=1):
            keys[str(n)] = self._toggler(control, str(choice.value), validate)

        def resized() -> list[str]:
            return [RESIZE, *(control.selected_options if control is not None else [])]

        picked = _with_keys(prompt, keys, on_resize=resized).unsafe_ask()
        if picked and picked[0] == RESIZE:
            return None, [str(p) for p in picked[1:]]
        specials = [p for p in picked if isinstance(p, str) and p.startswith("__")]
        if specials:
            return self._reply(question, specials[0]), None
        return Reply(Kind.answer, [o.value for o in question.options if o.value in picked]), None

    def tick_problem(self, question: Question, picked: list[str]) -> str | None:
        """What is wrong with these ticks, in the respondent's words (option labels, never values)."""
        if not picked:
            return self.tr("Tick at least one option (Space), or press d for don't know, s to skip.")
        exclusive = [o for o in question.options if o.exclusive and o.value in picked]
        if exclusive and len(picked) > 1:
            return self.tr("'{label}' cannot be ticked with others.",
                           label=render.clip(exclusive[0].label, max(render.screen_width() - 36, 12)))
        problem = answer_problem(question, picked)
        return None if problem is None else problem[0]

    @staticmethod
    def _toggler(control: Any, value: str, validate: Callable[[list[str]], bool | str]) -> Callable[
            [KeyPressEvent], None]:
        def handler(event: KeyPressEvent) -> None:
            if control is None:
                return
            if value in control.selected_options:
                control.selected_options.remove(value)
            else:
                control.selected_options.append(value)
            for i, choice in enumerate(control.choices):
                if getattr(choice, "value", None) == value:
                    control.pointed_at = i
            if validate(list(control.selected_options)) is True:  # as Space does: a fixed error goes away
                control.error_message = None
        return handler

    def _reply(self, question: Question, picked: Any) -> Reply | None:
        if picked in SPECIAL:
            return Reply(SPECIAL[picked])
        if picked == NOT_APPLICABLE and question.may_be_not_applicable:
            reason = self._ask_reason()
            return None if reason is None else Reply(Kind.not_applicable, reason)
        for kind in EXTRA_KEYS.values():
            if picked == f"__{kind.value}__":
                return Reply(kind)
        if picked == KEEP:
            return Reply(Kind.skip)
        if picked == WRITE:
            written = self._write(question)
            return None if written is None else Reply(Kind.answer, written)
        if question.type is QuestionType.scale:
            return Reply(Kind.answer, int(picked))
        return Reply(Kind.answer, picked)

    def _ask_reason(self) -> str | None:
        """Why the question does not apply: required; Enter on an empty line goes back to the choices."""
        typed = _text_prompt(self.tr("Why does this question not apply here? (Enter on an empty line to go back)"),
                             default=self._reason_default, style=self.style).unsafe_ask()
        return str(typed).strip() or None if typed else None

    def _write(self, question: Question) -> AnswerValue:
        """A typed answer (text, number, date). Enter on an empty line goes back to the choices."""
        kind = question.type
        tr = self.tr
        hint = tr({QuestionType.number: "a number", QuestionType.date: "a date like 2026-05-21"}.get(kind, "text"))

        def convert(text: str) -> AnswerValue:
            text = text.strip()
            if kind is QuestionType.number:
                number = float(text.replace(",", ""))
                return int(number) if number.is_integer() and "." not in text else number
            if kind is QuestionType.date:
                return dt.date.fromisoformat(text).isoformat()
            return text

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                value = convert(text)
            except ValueError:
                return tr("Please write {hint}.", hint=hint)
            problem = answer_problem(question, value)
            return True if problem is None else problem[0]

        typed = _text_prompt(
            tr("Your answer ({hint}; Enter on an empty line to go back):", hint=hint), validate=validate,
            style=self.style,
            multiline=False,
        ).unsafe_ask()
        if not typed or not typed.strip():
            return None
        return convert(typed)

    # ------------------------------------------------------------------ details

    def ask_details(self, questionnaire: Questionnaire, index: int, keep: Callable[[Details], None]) -> Details:
        question = questionnaire.slots[index].question
        answer = questionnaire.answer(index)
        note = answer.note if answer else None
        evidence = list(answer.evidence) if answer else []
        confidence = answer.confidence if answer else None
        tr = self.tr
        width = render.screen_width()
        # A screen of its own, headed by the question and the answer just given, so that on a short
        # terminal the prompts below never push the question's number out of sight.
        roomy = rows() >= 24
        ask = render.wrap(question.ask, width=width)
        ask = ask if len(ask) <= 2 or roomy else [*ask[:1], render.clip(ask[1] + " …", width)]
        given = render.current_answer(questionnaire, index) or ""
        _clear()
        _print([render.location(questionnaire, index, width), *([""] if roomy else []), *ask,
                *render.wrap(tr("Your answer: {answer}", answer=given), width=width)[:2], *([""] if roomy else []),
                *render.wrap(tr("Optional: press Enter to leave each one as it is."), width=width)])
        new_note = _with_keys(questionary.text(tr("Note:"), default=note or "", style=self.style), {}).unsafe_ask()
        keep(Details(note=(new_note or "").strip() or None, evidence=tuple(evidence), confidence=confidence))
        lines = []
        if question.evidence_hint:
            lines += render.wrap(tr("What would support it: {hint}", hint=question.evidence_hint), indent="  ",
                                 width=width)[:3]
        if question.critical:
            lines += render.wrap(tr("This question is critical: without evidence it caps the rating at amber."),
                                 indent="  ", width=width)
        lines += render.wrap(tr("Evidence: documents, links or owners (a semicolon between several)"), width=width)
        _print(lines)
        typed = _with_keys(questionary.text(tr("Evidence:"), default="; ".join(evidence), style=self.style),
                           {}).unsafe_ask()
        new_evidence = parse_evidence(typed or "")
        dont_know = answer is not None and answer.answer == DONT_KNOW
        new_confidence = None if dont_know else confidence  # "Don't know" claims nothing to be sure of
        keep(Details(note=(new_note or "").strip() or None, evidence=new_evidence, confidence=new_confidence))
        if (new_evidence or confidence is not None) and not dont_know:
            entries = [(NONE, tr("Not stated"))] + [(level.value, tr(label)) for level, label in
                                                    CONFIDENCE_LABELS.items()]
            picked = self._select(tr("How sure is this answer?"), entries,
                                  default=confidence.value if confidence else NONE,
                                  instruction=tr("(↑↓ Enter, or a number; Enter keeps it)"))
            new_confidence = None if picked == NONE else Confidence(picked)
        return Details(note=(new_note or "").strip() or None, evidence=new_evidence, confidence=new_confidence)

    # ------------------------------------------------------------------ moving around

    def ask_jump(self, questionnaire: Questionnaire, current: int | None) -> int | None:
        from assess.interview import jumplist

        tr = self.tr
        stay = tr("Stay where I was") if current is not None else tr("Finish: show the summary")
        first_open = questionnaire.first_open()
        open_label = None
        if first_open is not None:
            open_label = tr("The first question still open (number {n})", n=questionnaire.number(first_open))
        listing = jumplist.Listing(jumplist.entries(questionnaire, stay, open_label), current)
        title = tr("Go to which question? ({progress}; {legend})", progress=render.progress_line(questionnaire),
                   legend=render.mark_legend(tr.lang))
        _clear()
        sys.stdout.flush()
        chosen = jumplist.pick(listing, title, tr, self.style)
        if chosen is None or chosen.action == "stay":  # Escape: back where it was opened
            return None
        if chosen.action == "open":
            return first_open
        return chosen.index

    def ask_finish(self, questionnaire: Questionnaire) -> Finish:
        count = questionnaire.open_count()
        tr = self.tr
        width = render.screen_width()
        _clear()
        _print([*render.wrap(tr("That was the last question. {progress}.",
                                progress=render.progress_line(questionnaire)), width=width),
                *render.wrap(tr.plural(
                    count, "{n} question is still open (skipped); until it is answered the verdict is provisional.",
                    "{n} questions are still open (skipped); until they are answered the verdict is provisional."),
                    width=width),
                ""])
        picked = self._select(tr("What now?"), [
            (Finish.first_open.value, tr("Answer the open questions now")),
            (Finish.jump.value, tr("Go to a question…")),
            (Finish.finish.value, tr("Finish for now and show the summary")),
        ])
        return Finish(picked)

    def clear(self) -> None:
        _clear()
        sys.stdout.flush()

    def show(self, lines: list[str], last_message: str | None = None) -> None:
        """Long text, a screenful at a time."""
        height = max(rows() - 2, 5)
        pages = [lines[i:i + height] for i in range(0, len(lines), height)] or [[]]
        for number, page in enumerate(pages, start=1):
            _clear()
            _print(page)
            last = number == len(pages)
            message = ((last_message or self.tr("Press any key to go back to the question.")) if last
                       else self.tr("Page {page} of {pages}: press any key for more.", page=number, pages=len(pages)))
            questionary.press_any_key_to_continue(message, style=self.style).unsafe_ask()

    # ------------------------------------------------------------------ a new assessment

    def ask_metadata(self, today: dt.date | None = None) -> Metadata:
        tr = self.tr
        _clear()
        _print([*render.wrap(tr("A new assessment. First, what it is about (m changes any of it later, from any "
                                "question)."), width=render.screen_width()), ""])
        title = self._ask_text(tr("Title of this assessment:"), must=True)
        organisation = self._ask_text(tr("Organisation deploying the system:"), must=True)
        system = self._ask_text(tr("The system or tool being assessed:"), must=True)
        stage = self._pick_or_write(tr("Stage of the deployment:"), self._stages(), allow_none=True)
        name = self._ask_text(tr("Your name (Enter to leave empty):")) or None
        role = self._ask_text(tr("Your role (Enter to leave empty):")) or None
        perspective = self._pick_or_write(tr("Whose view does this assessment give?"), self._perspectives(),
                                          allow_none=True)
        date = self._ask_date(today or dt.date.today())
        marking = self._pick_or_write(tr("Protective marking:"), [(m, m) for m in MARKINGS], allow_none=True,
                                      none_label=tr("None"))
        return Metadata(title=title, organisation=organisation, system=system, stage=stage, role=role,
                        perspective=perspective, classification=marking, name=name, date=date)

    def _stages(self) -> list[tuple[str, str]]:
        return [(value, self.tr(label)) for value, label in labels.STAGES.items()]

    def _perspectives(self) -> list[tuple[str, str]]:
        return [(value, self.tr(label)) for value, label in PERSPECTIVES]

    def _ask_text(self, message: str, must: bool = False, default: str = "") -> str:
        tr = self.tr

        def required(text: str) -> bool | str:
            return True if text.strip() else tr("Please write something here.")

        kwargs: dict[str, Any] = {"validate": required} if must else {}
        return str(_text_prompt(message, default=default, style=self.style, **kwargs).unsafe_ask() or "").strip()

    def _ask_date(self, default: dt.date) -> dt.date:
        tr = self.tr

        def valid(text: str) -> bool | str:
            try:
                dt.date.fromisoformat(text.strip())
            except ValueError:
                return tr("Please write a date like {example}.", example="2026-05-21")
            return True

        typed = _text_prompt(tr("Date of the assessment (year-month-day; Enter keeps it):"),
                             default=default.isoformat(), validate=valid, style=self.style).unsafe_ask()
        return dt.date.fromisoformat(str(typed).strip())

    def ask_about(self, assessment: Assessment) -> Assessment | None:
        """What was entered at the start, each line a choice that changes it; None when nothing changed."""
        tr = self.tr
        current = assessment
        pointed = "done"
        while True:
            width = render.screen_width()
            subject, respondent = current.subject, current.respondent
            fields: list[tuple[str, str, str | None]] = [
                ("title", tr("Title"), current.title),
                ("organisation", tr("Organisation"), subject.organisation),
                ("system", tr("System"), subject.system),
                ("stage", tr("Stage"), labels.stage_label(subject.stage, tr)),
                ("perspective", tr("Perspective"), labels.perspective_label(respondent.perspective, tr)),
                ("name", tr("Respondent's name"), respondent.name),
                ("role", tr("Respondent's role"), respondent.role),
                ("date", tr("Date"), tr.date(current.date) if current.date else None),
                ("classification", tr("Protective marking"), current.classification),
            ]
            _clear()
            _print([render.clip(tr("About this assessment: choose a line to change it."), width), ""])
            choices: list[Any] = [
                Choice(render.clip(f"{n}) {label}: {value or '—'}", width - 4), value=key)
                for n, (key, label, value) in enumerate(fields, start=1)
            ]
            choices += [Separator(" "), Choice(tr("Done: back to the question"), value="done")]
            instruction = tr("(↑↓ Enter, or a number; Esc or q when done)")
            if len(tr("Change which?")) + len(instruction) + 3 > width:
                _print(render.wrap(instruction, width=width))
                instruction = " "
            prompt = questionary.select(tr("Change which?"), choices=choices, default=pointed, style=self.style,
                                        instruction=instruction)
            control = _pointed(prompt)
            keys = {str(n): _exit_with(key, control) for n, (key, _, _) in enumerate(fields, start=1)}
            keys.update({"escape": _exit_with("done", control), "q": _exit_with("done", control)})
            picked = _with_keys(prompt, keys, on_resize=lambda: "").unsafe_ask()
            if picked == "":
                continue
            if picked == "done":
                return None if current == assessment else current
            pointed = picked
            current = self._change_about(current, str(picked))

    def _change_about(self, a: Assessment, key: str) -> Assessment:
        tr = self.tr
        subject, respondent = a.subject, a.respondent
        if key in ("title", "organisation", "system"):
            old = a.title if key == "title" else getattr(subject, key)
            message = {"title": tr("Title of this assessment:"),
                       "organisation": tr("Organisation deploying the system:"),
                       "system": tr("The system or tool being assessed:")}[key]
            new = self._ask_text(message, must=True, default=old)
            if key == "title":
                return a.model_copy(update={"title": new})
            return a.model_copy(update={"subject": subject.model_copy(update={key: new})})
        if key == "stage":
            stage = self._pick_or_write(tr("Stage of the deployment:"), self._stages(), allow_none=True)
            return a.model_copy(update={"subject": subject.model_copy(update={"stage": stage})})
        if key == "perspective":
            view = self._pick_or_write(tr("Whose view does this assessment give?"), self._perspectives(),
                                       allow_none=True)
            return a.model_copy(update={"respondent": respondent.model_copy(update={"perspective": view})})
        if key in ("name", "role"):
            message = (tr("Your name (Enter to leave empty):") if key == "name"
                       else tr("Your role (Enter to leave empty):"))
            written = self._ask_text(message, default=getattr(respondent, key) or "") or None
            return a.model_copy(update={"respondent": respondent.model_copy(update={key: written})})
        if key == "date":
            return a.model_copy(update={"date": self._ask_date(a.date or dt.date.today())})
        marking = self._pick_or_write(tr("Protective marking:"), [(m, m) for m in MARKINGS], allow_none=True,
                                      none_label=tr("None"))
        return a.model_copy(update={"classification": marking})

    def _pick_or_write(self, message: str, options: Sequence[tuple[str, str]], *, allow_none: bool,
                       none_label: str | None = None) -> str | None:
        tr = self.tr
        entries = [*options, (OTHER, tr("Other (write it)…"))]
        if allow_none:
            entries.append((NONE, none_label or tr("Leave empty")))
        picked = self._select(message, entries)
        if picked == NONE:
            return None
        if picked == OTHER:
            written = str(questionary.text(tr("Write it:"), style=self.style).unsafe_ask() or "").strip()
            return written or None
        return picked

    def _select(self, message: str, entries: Sequence[tuple[str, str]], default: str | None = None,
                instruction: str | None = None) -> str:
        """A list of choices, each numbered: a number key picks it at once (up to nine)."""
        width = render.screen_width()
        choices = [Choice(_label(f"{n}) " if n <= 9 else "   ", label, width), value=value)
                   for n, (value, label) in enumerate(entries, start=1)]
        instruction = instruction or self.tr("(↑↓ Enter, or a number)")
        if len(message) + len(instruction) + 3 > width:  # the hint on its own line, not broken by the terminal
            _print(render.wrap(instruction, width=width))
            instruction = " "
        prompt = questionary.select(message, choices=choices, default=default, style=self.style,
                                    instruction=instruction)
        control = _pointed(prompt)
        keys = {str(n): _exit_with(value, control) for n, (value, _) in enumerate(entries[:9], start=1)}
        picked = str(_with_keys(prompt, keys, on_resize=lambda: RESIZE).unsafe_ask())
        if picked == RESIZE:
            return self._select(message, entries, default, instruction)
        _print([render.clip(f"{message} {dict(entries)[picked]}", render.screen_width())])
        return picked

    def choose_frameworks(self, frameworks: dict[str, Framework]) -> list[str]:
        _print([""])
        tr = self.tr
        choices = [
            Choice(render.clip(f"{place}) " + tr("{title} ({n} questions)", title=fw.title, n=len(fw.questions())),
                               render.screen_width() - 4), value=fid, checked=True)
            for place, (fid, fw) in enumerate(frameworks.items(), start=1)
        ]
        prompt = questionary.checkbox(
            tr("Frameworks to answer:"), choices=choices, style=self.style,
            instruction=tr("(Space or a number ticks or unticks, Enter confirms)"),
            validate=lambda chosen: True if chosen else tr("Tick at least one framework."),
        )
        control = _pointed(prompt)
        keys = {str(n): self._toggler(control, str(c.value), lambda chosen: bool(chosen))
                for n, c in enumerate(choices[:9], start=1)}
        picked = _with_keys(prompt, keys).unsafe_ask()
        return [str(p) for p in picked]
