"""A chapter in a document's contents (the report's, the comparison's): its anchor, number and title."""

from __future__ import annotations

from dataclasses import dataclass

from assess.i18n import Translator


@dataclass(frozen=True)
class Chapter:
    anchor: str
    number: str  # "" for the brief; the annex's number otherwise (framework annexes share their framework's)
    title: str
    lang: str = "en"
    annex: bool = False

    @property
    def label(self) -> str:
        if self.annex:
            return Translator(self.lang)("Annex {number}: {title}", number=self.number, title=self.title)
        return self.title
