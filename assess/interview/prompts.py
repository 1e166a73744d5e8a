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
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from questionary import Choice, Separator, Style

from assess.checks import answer_problem
from assess.i18n import Translator
from assess.interview import render
from assess.interview.flow import Details, Finish, Kind, Reply, Screen, parse_evidence
from assess.interview.session import Session
from assess.interview.store import Metadata
from assess.model import DONT_KNOW, AnswerValue, Confidence, Framework, Question, QuestionType
from assess.safetext import visible

# Choice values for the actions beside the options; option values can never look like these.
SPECIAL = {
    "__dont_know__": Kind.dont_know, "__skip__": Kind.skip, "__back__": Kind.back, "__jump__": Kind.jump,
    "__details__": Kind.details,
}
WRITE = "__write__"
KEEP = "__keep__"
HOTKEYS = {"d": "__dont_know__", "s": "__skip__", "b": "__back__", "g": "__jump__"}
EXTRA_KEYS = {"h": Kind.help, "q": Kind.stop}
HOTKEYS["e"] = "__details__"
INSTRUCTION = "(↑↓ Enter, or a number or letter; h help, q stop)"
MULTI_INSTRUCTION = "(Space or number ticks, Enter confirms)"
MULTI_KEYS = "Keys: d don't know · s skip · b back · g go to a question · h help · q stop"

STAGES = ["proposal", "pilot", "live", "extension", "review"]
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
    return shutil.get_terminal_size((80, 24)).lines


def _print(lines: Sequence[str]) -> None:
    sys.stdout.write(visible("\n".join(lines)) + "\n")  # no framework text may control the screen
    sys.stdout.flush()


def _clear() -> None:
    sys.stdout.write("\x1b[H\x1b[2J")


def _label(prefix: str, text: str) -> str:
    """An option's title, wrapped under its prefix so a long label stays readable at 80 columns."""
    indent = " " * len(prefix)
    body = render.wrap(text, width=render.WIDTH - 4 - len(prefix))
    return prefix + ("\n" + "  " + indent).join(body)


def _with_keys(question: Any, keys: dict[str, Callable[[KeyPressEvent], None]]) -> Any:
    """Add single-key shortcuts to a questionary prompt, and tidy memory while it waits."""
    bindings = KeyBindings()
    for key, handler in keys.items():
        bindings.add(key, eager=True)(handler)
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])
    app.pre_run_callables.append(_collect_when_idle)
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
        _share_default_key_bindings()

    # ------------------------------------------------------------------ questions

    def ask_question(self, screen: Screen) -> Reply:
        session, index = screen.session, screen.index
        question = session.slots[index].question
        multi = question.type is QuestionType.multi
        tr = self.tr
        while True:
            choices, default = self._choices(session, index)
            hint = render.type_hint(question, tr.lang)
            extra = [hint] if hint else []
            if multi:
                extra.append(tr(MULTI_KEYS))
            choice_lines = sum(str(c.title).count("\n") + 1 if isinstance(c, Choice) else 1 for c in choices)
            notices = [line for notice in screen.notices for line in render.wrap(notice)]
            notices += [""] if notices else []
            fixed = len(render.header(session, index, help_lines=0)) + len(notices) + len(extra) + choice_lines + 3
            _clear()
            _print([*notices, *render.header(session, index, help_lines=max(2, rows() - fixed)), *extra])
            reply = self._ask_multi(question, choices) if multi else self._ask_select(question, choices, default)
            if reply is not None:
                return reply
            screen.notices = []

    def _choices(self, session: Session, index: int) -> tuple[list[Any], str | None]:
        question = session.slots[index].question
        value = session.value(index)
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
                choices.append(Choice(_label("", label), value=str(n)))
            if isinstance(value, int):
                default = str(value)
        elif question.options:
            chosen = value if isinstance(value, list) else [value]
            for n, option in enumerate(question.options, start=1):
                prefix = f"{n}) " if n <= 9 else "   "
                choices.append(Choice(_label(prefix, option.label), value=option.value,
                                      checked=question.type is QuestionType.multi and option.value in chosen))
            if isinstance(value, str) and question.option(value) is not None:
                default = value
        elif value is not None and value != DONT_KNOW:
            choices.append(Choice(_label("1) ", tr("Keep: {value}", value=value)), value=KEEP))
            choices.append(Choice("2) " + tr("Change the answer…"), value=WRITE))
        else:
            choices.append(Choice("1) " + tr("Write an answer…"), value=WRITE))
        if question.type is QuestionType.multi:
            return choices, None
        answered = value is not None
        choices.append(Separator(" "))
        choices.append(Choice("d) " + tr("Don't know"), value="__dont_know__"))
        choices.append(Choice("s) " + (tr("Leave as it is and go on") if answered else tr("Skip for now")),
                              value="__skip__"))
        choices.append(Choice("b) " + tr("Back to the previous question"), value="__back__"))
        choices.append(Choice("g) " + tr("Go to another question…"), value="__jump__"))
        if answered:
            choices.append(Choice("e) " + tr("Note, evidence and confidence…"), value="__details__"))
        if value == DONT_KNOW:
            default = "__dont_know__"
        return choices, default

    def _ask_select(self, question: Question, choices: list[Any], default: str | None) -> Reply | None:
        prompt = questionary.select(
            self.tr("Your answer"), choices=choices, default=default, style=self.style,
            instruction=self.tr(INSTRUCTION),
            use_shortcuts=False, use_indicator=False,
        )
        control = _pointed(prompt)
        keys = {key: _exit_with(value, control) for key, value in HOTKEYS.items()}
        keys.update({key: _exit_with(f"__{kind.value}__", control) for key, kind in EXTRA_KEYS.items()})
        answers = [str(c.value) for c in choices
                   if isinstance(c, Choice) and not isinstance(c, Separator) and not str(c.value).startswith("__")]
        if question.type is QuestionType.scale:
            for value in answers:
                if len(value) == 1:
                    keys[value] = _exit_with(value, control)
        else:
            for n, value in enumerate(answers[:9], start=1):
                keys[str(n)] = _exit_with(value, control)
        picked = _with_keys(prompt, keys).unsafe_ask()
        return self._reply(question, picked)

    def _ask_multi(self, question: Question, choices: list[Any]) -> Reply | None:
        def validate(picked: list[str]) -> bool | str:
            if not picked:
                return self.tr("Tick at least one option (Space), or press d for don't know, s to skip.")
            problem = answer_problem(question, picked)
            return True if problem is None else problem[0]

        prompt = questionary.checkbox(
            self.tr("Your answer"), choices=choices, style=self.style, validate=validate,
            instruction=self.tr(MULTI_INSTRUCTION),
        )
        control = _pointed(prompt)
        keys = {key: _exit_with([value]) for key, value in HOTKEYS.items()}
        keys.update({key: _exit_with([f"__{kind.value}__"]) for key, kind in EXTRA_KEYS.items()})
        for n, choice in enumerate(choices[:9], start=1):
            keys[str(n)] = self._toggler(control, str(choice.value))
        picked = _with_keys(prompt, keys).unsafe_ask()
        specials = [p for p in picked if isinstance(p, str) and p.startswith("__")]
        if specials:
            return self._reply(question, specials[0])
        return Reply(Kind.answer, [o.value for o in question.options if o.value in picked])

    @staticmethod
    def _toggler(control: Any, value: str) -> Callable[[KeyPressEvent], None]:
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
        return handler

    def _reply(self, question: Question, picked: Any) -> Reply | None:
        if picked in SPECIAL:
            return Reply(SPECIAL[picked])
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

        typed = questionary.text(
            tr("Your answer ({hint}; Enter on an empty line to go back):", hint=hint), validate=validate,
            style=self.style,
            multiline=False,
        ).unsafe_ask()
        if not typed or not typed.strip():
            return None
        return convert(typed)

    # ------------------------------------------------------------------ details

    def ask_details(self, session: Session, index: int) -> Details:
        question = session.slots[index].question
        answer = session.answer(index)
        note = answer.note if answer else None
        evidence = list(answer.evidence) if answer else []
        confidence = answer.confidence if answer else None
        tr = self.tr
        _print(["", tr("Optional: press Enter to leave each one as it is.")])
        new_note = _with_keys(questionary.text(tr("Note:"), default=note or "", style=self.style), {}).unsafe_ask()
        lines = []
        if question.evidence_hint:
            lines += render.wrap(tr("What would support it: {hint}", hint=question.evidence_hint), indent="  ")[:3]
        if question.critical:
            lines.append(tr("  This question is critical: without evidence it caps the rating at amber."))
        if lines:
            _print(lines)
        typed = _with_keys(questionary.text(
            tr("Evidence (documents, links or owners; separate several with ;):"),
            default="; ".join(evidence), style=self.style,
        ), {}).unsafe_ask()
        new_evidence = parse_evidence(typed or "")
        new_confidence = confidence
        if new_evidence or confidence is not None:
            choices = [Choice(tr("Not stated"), value=NONE)] + [
                Choice(tr(label), value=level.value) for level, label in CONFIDENCE_LABELS.items()
            ]
            picked = questionary.select(
                tr("How sure is this answer?"), choices=choices,
                default=confidence.value if confidence else NONE, style=self.style,
                instruction=tr("(↑↓ Enter; Enter keeps it)"),
            ).unsafe_ask()
            new_confidence = None if picked == NONE else Confidence(picked)
        return Details(note=(new_note or "").strip() or None, evidence=new_evidence, confidence=new_confidence)

    # ------------------------------------------------------------------ moving around

    def ask_jump(self, session: Session, current: int | None) -> int | None:
        shown = session.visible()
        tr = self.tr
        stay = tr("Stay where I was") if current is not None else tr("Finish: show the summary")
        choices: list[Any] = [Choice(stay, value="stay")]
        first_open = session.first_open()
        if first_open is not None:
            n, _ = session.position(first_open)
            choices.append(Choice(tr("The first question still open (number {n})", n=n), value="open"))
        group = None
        for index in shown:
            slot = session.slots[index]
            if (slot.framework.id, slot.section.id) != group:
                group = (slot.framework.id, slot.section.id)
                choices.append(Separator(render.clip(f"── {slot.framework.title} › {slot.section.title}", 74)))
            choices.append(Choice(render.jump_entry(session, index), value=index))
        default = next(c for c in choices if not isinstance(c, Separator) and c.value == (current if current in shown
                                                                                     else "stay"))
        _clear()
        prompt = questionary.select(
            tr("Go to which question? ({progress}; {legend})", progress=render.progress_line(session),
               legend=render.mark_legend(tr.lang)),
            choices=choices, default=default, style=self.style, instruction=" ",
        )
        control = _pointed(prompt)
        picked = _with_keys(prompt, {"pageup": _pager(control, -10), "pagedown": _pager(control, 10)}).unsafe_ask()
        if picked == "stay":
            return None
        if picked == "open":
            return first_open
        return int(picked)

    def ask_finish(self, session: Session) -> Finish:
        count = session.open_count()
        tr = self.tr
        _clear()
        _print([tr("That was the last question. {progress}.", progress=render.progress_line(session)),
                *render.wrap(tr.plural(
                    count, "{n} question is still open (skipped); until it is answered the verdict is provisional.",
                    "{n} questions are still open (skipped); until they are answered the verdict is provisional.")),
                ""])
        picked = questionary.select(
            tr("What now?"), style=self.style, instruction=tr("(↑↓ Enter)"),
            choices=[
                Choice(tr("Answer the open questions now"), value=Finish.first_open.value),
                Choice(tr("Go to a question…"), value=Finish.jump.value),
                Choice(tr("Finish for now and show the summary"), value=Finish.finish.value),
            ],
        ).unsafe_ask()
        return Finish(picked)

    def clear(self) -> None:
        _clear()
        sys.stdout.flush()

    def show(self, lines: list[str]) -> None:
        """Long text, a screenful at a time."""
        height = max(rows() - 2, 5)
        pages = [lines[i:i + height] for i in range(0, len(lines), height)] or [[]]
        for number, page in enumerate(pages, start=1):
            _clear()
            _print(page)
            last = number == len(pages)
            message = (self.tr("Press any key to go back to the question.") if last
                       else self.tr("Page {page} of {pages}: press any key for more.", page=number, pages=len(pages)))
            questionary.press_any_key_to_continue(message, style=self.style).unsafe_ask()

    # ------------------------------------------------------------------ a new assessment

    def ask_metadata(self) -> Metadata:
        tr = self.tr
        _clear()
        _print([tr("A new assessment. First, what it is about (the file can be edited later)."), ""])

        def required(text: str) -> bool | str:
            return True if text.strip() else tr("Please write something here.")

        def ask_text(message: str, must: bool = False) -> str:
            kwargs: dict[str, Any] = {"validate": required} if must else {}
            return str(questionary.text(message, style=self.style, **kwargs).unsafe_ask() or "").strip()

        title = ask_text(tr("Title of this assessment:"), must=True)
        organisation = ask_text(tr("Organisation deploying the system:"), must=True)
        system = ask_text(tr("The system or tool being assessed:"), must=True)
        stage = self._pick_or_write(tr("Stage of the deployment:"), [(s, s) for s in STAGES], allow_none=True)
        role = ask_text(tr("Your role (Enter to leave empty):")) or None
        perspective = self._pick_or_write(tr("Whose view does this assessment give?"),
                                          [(value, tr(label)) for value, label in PERSPECTIVES], allow_none=True)
        marking = self._pick_or_write(tr("Protective marking:"), [(m, m) for m in MARKINGS], allow_none=True,
                                      none_label=tr("None"))
        return Metadata(title=title, organisation=organisation, system=system, stage=stage, role=role,
                        perspective=perspective, classification=marking)

    def _pick_or_write(self, message: str, options: Sequence[tuple[str, str]], *, allow_none: bool,
                       none_label: str | None = None) -> str | None:
        tr = self.tr
        choices: list[Any] = [Choice(label, value=value) for value, label in options]
        choices.append(Choice(tr("Other (write it)…"), value=OTHER))
        if allow_none:
            choices.append(Choice(none_label or tr("Leave empty"), value=NONE))
        picked = questionary.select(message, choices=choices, style=self.style,
                                    instruction=tr("(↑↓ Enter)")).unsafe_ask()
        if picked == NONE:
            return None
        if picked == OTHER:
            written = str(questionary.text(tr("Write it:"), style=self.style).unsafe_ask() or "").strip()
            return written or None
        return str(picked)

    def choose_frameworks(self, frameworks: dict[str, Framework]) -> list[str]:
        _print([""])
        tr = self.tr
        choices = [
            Choice(render.clip(tr("{title} ({n} questions)", title=fw.title, n=len(fw.questions())), 72), value=fid,
                   checked=True)
            for fid, fw in frameworks.items()
        ]
        picked = questionary.checkbox(
            tr("Frameworks to answer:"), choices=choices, style=self.style,
            instruction=tr("(Space ticks or unticks, Enter confirms)"),
            validate=lambda chosen: True if chosen else tr("Tick at least one framework."),
        ).unsafe_ask()
        return [str(p) for p in picked]
