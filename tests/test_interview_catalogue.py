"""Every fixed word the questionnaire and the terminal table show has a French text, found by reading
the code: each literal message passed to the translator, and the key hints and labels kept as lists.
(tests/test_i18n.py checks the messages that rendering asks for; prompts need a terminal, so their
messages are read from the source here.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assess import labels
from assess.i18n import Translator
from assess.interview.runner import language_notices
from assess.loading import FrameworkLibrary
from tests.conftest import ROOT

SOURCES = [*sorted((ROOT / "assess" / "interview").glob("*.py")), ROOT / "assess" / "score_table.py",
           ROOT / "assess" / "labels.py", ROOT / "assess" / "cli.py"]


def literal_messages(path: Path) -> set[str]:
    """The string literals passed to `tr(...)`, `self.tr(...)` or `tr.plural(...)` in `path`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in ("tr", "plural", "said"):
            continue
        # A plural's singular is its message id (the catalogue keeps the plural under it).
        args = node.args[1:2] if name == "plural" else node.args
        for arg in args:
            for value in (arg.body, arg.orelse) if isinstance(arg, ast.IfExp) else (arg,):
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
    return found


def test_the_reader_finds_messages() -> None:
    messages = literal_messages(ROOT / "assess" / "interview" / "prompts.py")
    assert "How sure is this answer?" in messages and "Your answer" in messages


def test_every_fixed_word_of_the_questionnaire_is_in_french() -> None:
    pytest.importorskip("questionary")
    from assess.interview import prompts

    messages = set().union(*(literal_messages(path) for path in SOURCES))
    for group in (prompts.INSTRUCTION, prompts.MULTI_KEYS, prompts.COMPACT_KEYS, prompts.COMPACT_KEYS_ANSWERED,
                  [prompts.MULTI_INSTRUCTION], [label for _, label in prompts.PERSPECTIVES],
                  prompts.CONFIDENCE_LABELS.values(), labels.STAGES.values(), labels.PERSPECTIVES.values()):
        messages |= set(group)
    assert sorted(m for m in messages if not Translator("fr").translates(m)) == []


def test_stage_and_perspective_follow_the_language() -> None:
    fr = Translator("fr")
    assert labels.perspective_label("staff-association") == "Staff association view"
    assert labels.perspective_label("staff-association", fr) == "Point de vue de l'association du personnel"
    assert labels.stage_label("pilot", fr) == "Projet pilote"
    assert labels.stage_label("written by hand") == "written by hand"  # a value the tool does not know, as written


def test_a_framework_without_the_language_is_named_once() -> None:
    library = FrameworkLibrary()
    frameworks = library.load_many(library.ids())
    english_only = [fw for fw in frameworks.values() if "fr" not in (fw.languages or ["en"])]
    notices = language_notices(frameworks.values(), Translator("fr"))
    if english_only:
        assert len(notices) == 1 and "anglais" in notices[0]
        assert all(fw.title in notices[0] for fw in english_only)
    assert language_notices(frameworks.values(), Translator("en")) == []
