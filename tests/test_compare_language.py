"""`assess compare --lang fr`: the comparison table in French, as every other command's output is."""

from __future__ import annotations

import re

from tests.compare_support import PERSPECTIVES


def unwrapped(text: str) -> str:
    """The table's text with its line wrapping undone (no-break spaces kept: they are the point)."""
    return re.sub(r"[ \n]+", " ", text)


def test_compare_speaks_french_when_asked(cli) -> None:  # type: ignore[no-untyped-def]
    code, english, _ = cli("compare", *PERSPECTIVES)
    assert code == 0
    assert "Verdicts" in english and "Pause and remediate" in english and "Rating, assurance" in english
    assert "RED    11.8%" in english  # the English table as it was

    code, french, _ = cli("compare", *PERSPECTIVES, "--lang", "fr")
    assert code == 0
    french = unwrapped(french)
    assert "Comparaison\u00a0: " in french
    assert "Mode\u00a0: points de vue (des répondants ou des points de vue différents)" in french
    assert "Décisions" in french and "Suspendre et corriger" in french
    assert "Cote, assurance" in french and "ROUGE 11,8\u00a0%" in french and "ROUGE 0\u00a0%" in french
    assert "Blocages (1, dont 1 déclenchés par certains seulement)\u00a0:" in french
    assert "déclenché par staff-association\u00a0; pas par force" in french
    assert "Verdicts" not in french and "Pause and remediate" not in french and "RED " not in french


def test_the_board_view_gives_the_engine_s_reasons_in_french(cli) -> None:  # type: ignore[no-untyped-def]
    code, french, _ = cli("compare", *PERSPECTIVES, "--mode", "board", "--lang", "fr")
    assert code == 0
    french = unwrapped(french)
    assert "Point de vue du comité (3 membres)\u00a0: Suspendre et corriger" in french
    assert "- blocage\u00a0: Proportionality and necessity, question 1.3.3" in french  # the engine's reasons
    assert "Ordre du jour" in french
