"""The tool's own words (report headings, questionnaire prompts, the terminal table, the workspace's
pages) in each language it speaks. Framework text is translated by the framework itself (localise.py).

gettext: the English text is the message id, so code and templates read in English and English needs no
catalogue. Each other language is a catalogue, `assess/locale/LANG/LC_MESSAGES/assess.po`, compiled to
`assess.mo` beside it (both committed; `scripts/i18n.sh` extracts, updates and compiles them, and
tests/test_catalogues.py fails when the .mo is stale or a message lacks a translation). A message a
catalogue lacks falls back to English. `{name}` placeholders are filled with `str.format` after
translation, so a translation may move them. Counted messages are gettext plurals (`Translator.plural`).

Numbers, percentages and dates follow the language through Babel's locale data (CLDR): "66.7%" and
"3 February 2026" in English, "66,7 %" and "3 février 2026" in French.

A `Translator` is resolved once from a language tag (`translator("fr-CA")`) and passed to whatever makes
words; `ENGLISH` is the default. Messages the code translates through a variable (a table of labels, an
enum's value) are marked where they are written with `N_()`, or listed in INDIRECT below, so that
extraction finds them.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import math
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date

DEFAULT = "en"
DOMAIN = "assess"
LOCALE_DIR = Path(__file__).parent / "locale"
# Babel's locale for each language's numbers and dates: the tool writes British English.
FORMAT_LOCALES = {"en": "en_GB", "fr": "fr"}


def N_(message: str) -> str:
    """Marks a message id for extraction where it is written; it is translated where it is shown."""
    return message


def _catalogued() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT, *[lang for lang in found if lang != DEFAULT])


LANGUAGES = _catalogued()
"""The languages the tool speaks: English and every language with a compiled catalogue."""


# Longer passages with a little markup (trusted: they are ours), by id: the English is the message id.
# METHOD_SUMMARY is plain text (the Markdown report's method note); the others are HTML.
PROSE: dict[str, str] = {
    "METHOD_POINTS": N_(
        "<strong>Points.</strong> Each answer scores its option's points times the question's weight, out of the "
        "best points the question could give times its weight. A multiple-choice answer adds its options' points up "
        "to that best (or takes the worst or best option, where the framework says so); a scale runs in a straight "
        "line from nothing at the bad end to full points at the good end."
    ),
    "METHOD_DONT_KNOW": N_(
        "<strong>&ldquo;Don't know&rdquo; and unanswered.</strong> Both score nothing against the full maximum, so "
        "an honest &ldquo;Don't know&rdquo; lowers assurance; each &ldquo;Don't know&rdquo; is also listed as an "
        "evidence gap. Questions that do not apply (the condition on which they are asked does not hold) count in "
        "neither the points nor the maximum."
    ),
    "METHOD_ASSURANCE": N_(
        "<strong>Assurance</strong> is the points scored as a percentage of the maximum."
    ),
    "METHOD_RATING": N_(
        "<strong>Rating.</strong> A framework is rated <em>Red</em> if any gate is triggered or assurance is below "
        "its amber threshold; <em>Amber</em> if assurance is below its green threshold or a critical question has "
        "an evidence gap; otherwise <em>Green</em>."
    ),
    "METHOD_LEVELS": N_(
        "<strong>Impact levels.</strong> A framework scored by levels takes one tally's points (raw impact, say), "
        "adjusts them (reduces them by a percentage when mitigation reaches a threshold, say), and places the "
        "result in the first level whose upper bound it does not exceed. The level gives the framework's rating; "
        "a gate still makes it red and an evidence gap on a critical question still caps it at amber. Questions "
        "in a tally where more is worse (impact, risk) count in neither assurance nor the actions."
    ),
    "METHOD_VERDICT": N_(
        "<strong>Verdict.</strong> <em>Do not proceed</em> if a gate cannot be remedied in the deployment's "
        "current form, or gates raise two or more distinct findings (gates that the frameworks say rest on the "
        "same fact count as one finding, however many frameworks raise them); <em>Pause and remediate</em> on "
        "any gate or Red rating; <em>Proceed with conditions</em> on any Amber rating; otherwise "
        "<em>Proceed</em>. While any question is unanswered the verdict is provisional and the report is marked "
        "DRAFT."
    ),
    "METHOD_ACTIONS": N_(
        "<strong>Actions</strong> come from every answer below full marks, ordered by priority and then by the "
        "points at stake. Priority is <em>Gate</em>, <em>High</em> (a critical question), <em>Medium</em> (half or "
        "more of the points lost) or <em>Low</em>."
    ),
    "METHOD_SUMMARY": N_(
        "Each answer scores its option's points times the question's weight, against the best points the question "
        "could give. \u201cDon't know\u201d and unanswered questions score nothing against the full maximum; "
        "questions that do not apply (their condition does not hold) count in neither. Assurance is the points as "
        "a percentage of the maximum. A framework is rated red on any gate or below its amber threshold, amber "
        "below its green threshold or with an evidence gap on a critical question, and green otherwise. The "
        "verdict is Do not proceed on a gate that cannot be remedied or on two or more distinct findings (gates "
        "that rest on the same fact count once); Pause "
        "and remediate on any gate or red rating; Proceed with conditions on any amber rating; otherwise Proceed."
    ),
}

# Message ids the code passes to the translator through a variable, in modules that keep them in
# tables or enums of their own (verdicts and ratings in result.py, labels in labels.py and
# report/context.py, the questionnaire's key hints in interview/prompts.py): listed here so that
# extraction keeps them in the catalogue. A new one missing here fails tests/test_i18n.py's
# rendering check, which records every message asked for.
INDIRECT = (
    # evidence_files.KIND_NAMES (kept free of this module: the core imports it), report/signoffs.py's risks
    N_("PDF document"), N_("PNG image"), N_("JPEG image"), N_("Word document"), N_("Excel workbook"),
    N_("OpenDocument text"), N_("OpenDocument spreadsheet"), N_("plain text"), N_("CSV table"),
    N_("Gate, {framework}, question {number}: {text}"), N_("Red rating, {framework}: {text}"),
    N_("Action, {framework}, question {number}: {text}"), N_("{reference} (not among this report's risks)"),
    N_("Proceed"), N_("Proceed with conditions"), N_("Pause and remediate"), N_("Do not proceed"),
    N_("Green"), N_("Amber"), N_("Red"), N_("GREEN"), N_("AMBER"), N_("RED"),
    N_("Gate"), N_("High"), N_("Medium"), N_("Low"), N_("Asserted"), N_("Documented"), N_("Verified"),
    N_("Open"), N_("In progress"), N_("Done"), N_("Dropped"),
    N_("Proposal"), N_("Pilot"), N_("Live"), N_("Extension"), N_("Review"),
    N_("Ethics board view"), N_("Staff association view"), N_("Deploying organisation's view"),
    N_("Policy or assurance view"),
    N_("An ethics board or panel"), N_("A staff association or trade union"),
    N_("The organisation deploying the system"), N_("Policy or assurance staff"),
    N_("Asserted: someone says so"), N_("Documented: a document says so"), N_("Independently verified"),
    N_("Not stated"),
    N_("AI impact assessment"), N_("Prepared by"), N_("Reviewed by"), N_("Approved by"),
    N_("Answered \u201cDon't know\u201d"), N_("Critical question answered without evidence"),
    N_("Critical question not answered"), N_("rounded half up"), N_("rounded half to even"),
    N_("Annex {number}: {title}"), N_("Not recorded: {problem}."),
    N_("This is the first question: there is nothing before it."),
    N_("Answer the question first; then a note and evidence can be added."),
    N_("{answered} of {total} answered"), N_("\u2713 answered, ? don't know, \u00b7 open"),
    N_("Keys: \u2191\u2193 Enter, or a number or letter"), N_("Keys: \u2191\u2193 Enter or a number"),
    N_("Keys: d don't know"), N_("Space or a number ticks, Enter confirms"),
    N_("d don't know"), N_("s skip"), N_("s go on"), N_("b back"), N_("g go to a question"),
    N_("e note, evidence"), N_("m about the assessment"), N_("h help"), N_("q stop"),
    N_("a number"), N_("a date like 2026-05-21"), N_("text"), N_("lowest"), N_("highest"),
    N_("English"), N_("French"),
    N_("Stopped. Nothing was saved yet: run the same command to start again."),
    N_("Stopped. Every confirmed answer is saved in {path}."), N_("To carry on: {command}"),
    N_("Rating: {rating}"), N_("assurance {percent}"), N_("answered {percent}"),
    N_("Page {page} of {pages}"), N_("Ratings"), N_("Tallies"), N_("Tally"), N_("higher is worse"),
)



@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: none; its message ids are its text)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if lang == DEFAULT or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def language(tag: str | None) -> str:
    """The catalogue for a language tag: 'fr-CA' -> 'fr'; anything unknown -> English."""
    primary = (tag or DEFAULT).replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT


@functools.cache
def translator(tag: str | None) -> Translator:
    """The one Translator for a language tag, resolved once."""
    return Translator(language(tag))


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(FORMAT_LOCALES.get(lang, lang))


@functools.lru_cache(maxsize=8192)
def _formatted(lang: str, kind: str, value: float, sign: float, decimals: int) -> str:
    """A number in a language's pattern, kept: the same few values (a score's percentages, on every save
    and page) are formatted again and again, and Babel's patterns take tens of microseconds each. `sign`
    is in the key only so that -0.0 is not taken for 0.0, which compare equal."""
    del sign
    locale = _locale(lang)
    if kind == "percent":
        pattern = copy(locale.percent_formats[None])
        pattern.frac_prec = (0, decimals)
        # Decimal(float) is the float's exact value and scaleb is exact, so this rounds as '%.1f' did.
        return str(pattern.apply(Decimal(value).scaleb(-2), locale))
    pattern = copy(locale.decimal_formats[None])
    pattern.frac_prec = (0, decimals)
    return str(pattern.apply(Decimal(value), locale))


@dataclass(frozen=True)
class Translator:
    lang: str = DEFAULT

    @property
    def catalogue(self) -> gettext.NullTranslations:
        return catalogue(self.lang)

    @property
    def locale(self) -> Locale:
        """Babel's locale for this language's numbers and dates."""
        return _locale(self.lang)

    def translates(self, message: str) -> bool:
        """Whether this language's catalogue has its own text for `message` (English: always)."""
        found = getattr(self.catalogue, "_catalog", None)
        return found is None or message in found or (message, 0) in found

    def message(self, message: str) -> str:
        """The translated text, placeholders unfilled."""
        found: dict[object, str] | None = getattr(self.catalogue, "_catalog", None)
        if found is None:
            return message
        # A message that is also the singular of a plural is stored once, as the plural.
        return found.get(message) or found.get((message, 0)) or message

    def gettext(self, message: str) -> str:
        return self.message(message)

    def ngettext(self, one: str, other: str, count: int) -> str:
        """The singular or plural text by `count`, by the language's plural rule (French: 0 and 1 take
        the singular; English: only 1)."""
        return self.catalogue.ngettext(one, other, count)

    def __call__(self, message: str, /, **values: object) -> str:
        text = self.message(message)
        return text.format(**values) if values else text

    def singular(self, count: int) -> bool:
        """Whether `count` takes the singular in this language."""
        rule = getattr(self.catalogue, "plural", None)
        return (int(rule(abs(count))) if rule is not None else int(count != 1)) == 0

    def plural(self, count: int, one: str, other: str, /, **values: object) -> str:
        """`one` or `other` by `count`, `{n}` being the count in either."""
        return self.ngettext(one, other, count).format(n=count, **values)

    def points(self, value: float) -> str:
        """9.5 -> '9.5' ('9,5' in French); whole numbers without decimals, at most two decimals."""
        return self._decimal(value, 2)

    def number(self, value: float) -> str:
        """A number as the scoring engine writes it in sentences (six significant digits):
        61.6 -> '61.6' ('61,6' in French)."""
        return self._decimal(float(f"{value:.6g}"), 6)

    def _decimal(self, value: float, decimals: int) -> str:
        return _formatted(self.lang, "decimal", value, math.copysign(1, value), decimals)

    def percent(self, value: float) -> str:
        """68.5 -> '68.5%' ('68,5 %' in French, with the no-break space of the locale's own pattern). The
        one way every output shows a percentage (engine reasons, report, Markdown, terminal, comparisons),
        so 4.76 reads 4.8% everywhere."""
        return _formatted(self.lang, "percent", value, math.copysign(1, value), 1)

    def date(self, value: dt.date | str | None) -> str:
        """2026-02-03 -> '3 February 2026' ('3 février 2026'; '1er février' for the first)."""
        if value is None or value == "":
            return ""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        text = format_date(day, format="long", locale=self.locale)
        # French writes the first of the month as an ordinal, which CLDR's pattern does not.
        return "1er" + text[1:] if self.lang == "fr" and day.day == 1 and text.startswith("1 ") else text

    def prose(self, key: str) -> str:
        """A passage from PROSE, in this language."""
        return self.message(PROSE[key])

    def sentence(self, text: object) -> str:
        """The first letter in capitals and the rest as written (Jinja's `capitalize` lowers the rest)."""
        value = str(text)
        return value[:1].upper() + value[1:]


ENGLISH = Translator()
