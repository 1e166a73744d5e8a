"""A SurveyJS questionnaire (JSON) as a framework.

Pages become sections; panels are flattened into their page, their `visibleIf` joined to
each question's; radiogroup and dropdown become `choice`, checkbox `multi`, boolean
`yesno`, rating `scale`, text and comment `text` (`number` and `date` for those input
types); `html` elements become the section's introduction. Anything else is left out, with
a warning. Localised text (`{"default": ..., "fr": ...}`) becomes translatable text.

The Canadian Algorithmic Impact Assessment's conventions (`convention="aia"`, detected from
panel names ending in -RS or -MS) are mapped into the format explicitly:
- a question's role comes from its own name's suffix, else its parent panel's or page's:
  -RS counts in the `impact` tally, -MS in `mitigation`, -NS in none; only radiogroup,
  dropdown and checkbox questions are scored;
- a scored choice's weight, hidden in its value ("item3-4" is 4 points), becomes the
  option's `score`, and the value becomes "item3" (`source_value` keeps the original);
- the scoring rule becomes a `scoring:` block: levels I-IV at 25/50/75 % of the maximum
  raw impact over every impact question, and 15 % off the raw impact, rounded as
  JavaScript's Math.round, when mitigation reaches 80 % of one phase's maximum (half the
  maximum over both phases).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from assess.errors import AssessError, Diagnostic
from assess.importers import locate
from assess.importers.surveyjs_conditions import ExpressionError, QuestionInfo, js_string, translate

SCORED_SURVEY_TYPES = ("radiogroup", "dropdown", "checkbox")
AIA_ROLES = {"-RS": "impact", "-MS": "mitigation", "-NS": None}
_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

# Our own words for the AIA's scoring terms (not the tool's text).
AIA_LABELS: dict[str, dict[str, str]] = {
    "impact": {"en": "Raw impact score", "fr": "Score d'incidence brut"},
    "mitigation": {"en": "Mitigation score", "fr": "Score d'atténuation"},
    "level": {"en": "Level", "fr": "Niveau"},
}
AIA_LEVELS = (("I", 25.0, "green"), ("II", 50.0, "amber"), ("III", 75.0, "amber"), ("IV", None, "red"))


@dataclass
class Options:
    framework_id: str
    title: str | None = None
    version: str = "1.0.0"
    default_lang: str = "en"
    convention: str = "auto"  # "auto" | "aia" | "none"
    reviewed: dt.date = field(default_factory=dt.date.today)
    requirements: dict[str, Any] = field(default_factory=dict)  # language -> parsed AIA plugin file
    source: str = "survey.json"  # shown in messages


@dataclass
class Imported:
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0


# --------------------------------------------------------------------------- helpers


def snake(name: str) -> str:
    """`businessDrivers1` -> `business_drivers1`, `consultationDesign2-other` -> `consultation_design2_other`."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not text or not text[0].isalpha():
        text = "q_" + text
    return text[:64].rstrip("_")


def unique(base: str, taken: set[str], limit: int = 64) -> str:
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"_{n}"
        candidate = base[: limit - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def js_number(text: str) -> float:
    """JavaScript's Number() on the text after a value's last hyphen; NaN counts as 0."""
    stripped = text.strip()
    if stripped == "":
        return 0.0
    if _NUMBER.match(stripped):
        return float(stripped)
    if re.match(r"^0[xX][0-9a-fA-F]+$", stripped):
        return float(int(stripped, 16))
    return 0.0


def embedded_weight(value: str) -> tuple[str, float] | None:
    """`item3-4` -> (`item3`, 4.0): the AIA's weight after the last hyphen, where there is one."""
    at = value.rfind("-")
    if at < 0:
        return None
    return value[:at], js_number(value[at + 1:])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None
        if tag in ("p", "div", "ul", "ol"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(text: str) -> str:
    """HTML (as SurveyJS allows in titles and help) as plain text; links keep their address."""
    if "<" not in text and "&" not in text:
        return text.strip()
    parser = _Text()
    parser.feed(text)
    parser.close()
    joined = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- conversion


class _Converter:
    def __init__(self, survey: Mapping[str, Any], options: Options, text: str) -> None:
        self.survey = survey
        self.options = options
        self.text = text
        self.warnings: list[str] = []
        self.problems: list[Diagnostic] = []
        self.languages: set[str] = set()
        self.known: dict[str, QuestionInfo] = {}  # SurveyJS name -> what conditions need
        self.question_ids: set[str] = set()
        self.section_ids: set[str] = set()
        self.skipped = 0
        self.aia = options.convention == "aia" or (options.convention == "auto" and self._has_aia_suffixes())
        self.roles_used: dict[str, float] = {}  # role -> maximum over every question with it

    def _has_aia_suffixes(self) -> bool:
        def walk(elements: Any) -> bool:
            for element in elements if isinstance(elements, list) else []:
                if isinstance(element, dict):
                    name = str(element.get("name", ""))
                    if name.endswith(("-RS", "-MS")) or walk(element.get("elements")):
                        return True
            return False

        pages = self.survey.get("pages") or []
        return any(str(p.get("name", "")).endswith(("-RS", "-MS")) or walk(p.get("elements"))
                   for p in pages if isinstance(p, dict))

    # ------------------------------------------------------------------ text

    def localised(self, value: Any) -> str | dict[str, str] | None:
        """SurveyJS text (a string, or `{"default": ..., "fr": ...}`) as our text."""
        if value is None:
            return None
        if isinstance(value, dict):
            found: dict[str, str] = {}
            for key, text in value.items():
                if not isinstance(text, str) or not text.strip():
                    continue
                lang = self.options.default_lang if key == "default" else str(key)
                if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", lang):
                    continue
                found[lang] = plain(text)
            if not found:
                return None
            if len(found) == 1:
                return next(iter(found.values()))
            self.languages.update(found)
            return dict(sorted(found.items(), key=lambda kv: kv[0] != self.options.default_lang))
        text = plain(str(value))
        return text or None

    def problem(self, needle: str, message: str, hint: str | None = None) -> None:
        line, column = locate(self.text, needle)
        self.problems.append(Diagnostic(self.options.source, line, column, message, hint))

    def name_problem(self, name: object, where: str) -> None:
        """A `name` that is not a string is refused, named by its JSON path (and placed at the first
        `"name": <that value>` in the text, the closest position the parsed JSON can give)."""
        found = json.dumps(name, ensure_ascii=False)
        match = re.search(r'"name"\s*:\s*' + re.escape(found).replace(r"\ ", r"\s*").replace(",", r",\s*"),
                          self.text)
        line, column = locate(self.text, match.group(0)) if match else (1, 1)
        self.problems.append(Diagnostic(self.options.source, line, column,
                                        f"{where}: 'name' must be a string, found {found}",
                                        "SurveyJS names are strings: put it in quotes"))

    # ------------------------------------------------------------------ structure

    def convert(self) -> Imported:
        pages = self.survey.get("pages")
        if not isinstance(pages, list) or not pages:
            if isinstance(self.survey.get("elements"), list):  # a single-page survey
                pages = [{"name": "page1", "elements": self.survey["elements"]}]
                single_page = True
            else:
                raise AssessError.at(self.options.source, "not a SurveyJS survey: no 'pages' list",
                                     hint="a SurveyJS survey is a JSON object with 'pages' (or 'elements')")
        else:
            single_page = False
        sections = []
        for index, page in enumerate(pages):
            if not isinstance(page, dict):
                continue
            section = self.page(page, index, "" if single_page else f"pages[{index}].")
            if section is not None:
                sections.append(section)
        if self.problems:
            raise AssessError(self.problems)
        if not sections:
            raise AssessError.at(self.options.source, "the survey has no question that can be imported")
        data: dict[str, Any] = {
            "schema": "assess/framework@1",
            "id": self.options.framework_id,
            "version": self.options.version,
            "title": self.options.title or self.localised(self.survey.get("title")) or self.options.framework_id,
            "summary": self.localised(self.survey.get("description"))
            or f"Imported from the SurveyJS questionnaire {self.options.source.rsplit('/', 1)[-1]}.",
            "last_reviewed": self.options.reviewed.isoformat(),
        }
        scoring = self.scoring() if self.aia else None
        if self.languages:
            default = self.options.default_lang
            data["languages"] = [default, *sorted(x for x in self.languages if x != default)]
        if scoring is not None:
            data["scoring"] = scoring
        data["sections"] = sections
        return Imported(data, self.warnings, self.skipped)

    def page(self, page: Mapping[str, Any], index: int, path: str) -> dict[str, Any] | None:
        """`path` is the page's JSON path and a dot ('pages[2].'), or '' for a survey's own `elements`."""
        given = page.get("name")
        if given is not None and not isinstance(given, str):
            self.name_problem(given, path.rstrip("."))
            given = None
        name = given or f"page{index + 1}"  # SurveyJS's own default for a page without a name
        conditions = [self.condition(page.get("visibleIf"), f"page '{name}'")] if page.get("visibleIf") else []
        intro: list[Any] = []
        questions: list[dict[str, Any]] = []
        self.elements(page.get("elements") or [], page, [c for c in conditions if c], questions, intro,
                      f"{path}elements")
        if not questions:
            if page.get("elements"):
                self.warnings.append(f"page '{name}' has no question that can be imported; left out")
            return None
        section: dict[str, Any] = {
            "id": unique(snake(name), self.section_ids),
            "title": self.localised(page.get("title")) or self.localised(page.get("navigationTitle")) or name,
        }
        description = self.localised(page.get("description"))
        parts = ([description] if description else []) + intro
        if parts:
            section["intro"] = _join_text(parts)
        section["questions"] = questions
        return section

    def elements(
        self, elements: list[Any], parent: Mapping[str, Any], conditions: list[str],
        questions: list[dict[str, Any]], intro: list[Any], path: str,
    ) -> None:
        for position, element in enumerate(elements):
            if not isinstance(element, dict):
                continue
            where = f"{path}[{position}]"
            kind = str(element.get("type", ""))
            name = element.get("name", "")
            if not isinstance(name, str):
                # str() would rename it (42 -> '42', null -> 'None') and answers saved under it would not match
                self.name_problem(name, where)
                continue
            own = self.condition(element.get("visibleIf"), f"'{name}'") if element.get("visibleIf") else None
            if element.get("visible") is False:
                self.warnings.append(f"{where}: '{name}' is never visible (visible: false); left out")
                self.skipped += 1
                continue
            if kind == "panel":
                inner = [*conditions, own] if own else conditions
                self.elements(element.get("elements") or [], element, [c for c in inner if c], questions, intro,
                              f"{where}.elements")
                continue
            if kind == "html":
                text = self.localised(element.get("html"))
                if text:
                    intro.append(text)
                continue
            question = self.question(element, parent, [*conditions, own] if own else list(conditions), where)
            if question is not None:
                questions.append(question)

    def role(self, element: Mapping[str, Any], parent: Mapping[str, Any]) -> str | None:
        """The AIA's getScoreType: the question's own name suffix, else its parent's."""
        if not self.aia or element.get("type") not in SCORED_SURVEY_TYPES:
            return None
        for name in (str(element.get("name", "")), str(parent.get("name", ""))):
            for suffix, role in AIA_ROLES.items():
                if name.endswith(suffix):
                    return role
        return None

    def question(
        self, element: Mapping[str, Any], parent: Mapping[str, Any], conditions: list[str], where: str
    ) -> dict[str, Any] | None:
        kind = str(element.get("type", ""))
        name = str(element.get("name", ""))
        if not name:
            self.warnings.append(f"{where}: a {kind} element without a name; left out")
            self.skipped += 1
            return None
        out: dict[str, Any] = {"id": unique(snake(name), self.question_ids)}
        if name in self.known:
            self.warnings.append(f"{where}: the name '{name}' is used by an earlier question too; imported as "
                                 f"'{out['id']}', and answers saved under '{name}' go to the first")
        elif out["id"] != snake(name):
            self.warnings.append(f"{where}: '{name}' would have the id of an earlier question; imported as "
                                 f"'{out['id']}'")
        out["ask"] = self.localised(element.get("title")) or name
        help_parts = [t for t in (self.localised(element.get("description")), self.localised(element.get("help")))
                      if t]
        if help_parts:
            out["help"] = _join_text(help_parts)
        role = self.role(element, parent)
        info = QuestionInfo(id=out["id"], kind="text")
        if kind in ("radiogroup", "dropdown", "checkbox", "tagbox"):
            multi = kind in ("checkbox", "tagbox")
            out["type"] = "multi" if multi else "choice"
            options = self.choices(element, role is not None)
            if element.get("hasOther") or element.get("showOtherItem"):
                options.append({"value": "other", "label": self.localised(element.get("otherText")) or "Other",
                                "score": 0})
            if multi and (element.get("hasNone") or element.get("showNoneItem")):
                options.append({"value": "none", "label": self.localised(element.get("noneText")) or "None",
                                "score": 0, "exclusive": True})
            if len(options) < (1 if multi else 2):
                self.warnings.append(f"{where}: '{name}' offers too few fixed choices (from a URL?); imported as text")
                out["type"] = "text"
            else:
                out["options"] = options
                info = QuestionInfo(id=out["id"], kind="multi" if multi else "single",
                                    values={o.get("source_value", o["value"]): o["value"] for o in options})
                if role is not None:
                    out["role"] = role
                    best = [o["score"] for o in options]
                    maximum = sum(best) if multi else max([0.0, *best])
                    self.roles_used[role] = self.roles_used.get(role, 0.0) + maximum
        elif kind == "boolean":
            out["type"] = "yesno"
            out["options"] = [
                {"value": "yes", "label": self.localised(element.get("labelTrue")) or "Yes", "score": 0},
                {"value": "no", "label": self.localised(element.get("labelFalse")) or "No", "score": 0},
            ]
            info = QuestionInfo(id=out["id"], kind="single", values={"true": "yes", "false": "no"})
        elif kind == "rating":
            low, high = element.get("rateMin", 1), element.get("rateMax", 5)
            if not isinstance(low, int) or not isinstance(high, int) or low >= high:
                self.warnings.append(f"{where}: '{name}' has a rating scale that cannot be read; imported as text")
                out["type"] = "text"
            else:
                out["type"] = "scale"
                out["scale"] = {"min": low, "max": high}
                info = QuestionInfo(id=out["id"], kind="number")
        elif kind == "text":
            input_type = str(element.get("inputType", "text"))
            out["type"] = {"number": "number", "range": "number", "date": "date"}.get(input_type, "text")
            info = QuestionInfo(id=out["id"], kind="number" if out["type"] == "number" else "text")
        elif kind == "comment":
            out["type"] = "text"
        else:
            self.warnings.append(f"{where}: '{name}' is a SurveyJS '{kind}' question, which has no equivalent; "
                                 "left out")
            self.skipped += 1
            return None
        if out["id"] != name:
            out["source_name"] = name
        when = _all_of([c for c in conditions if c])
        if when:
            out["when"] = when
        self.known[name] = info
        # keep the key order readable: id, ask, help, type, role, options, ..., when, source_name
        order = ["id", "ask", "help", "type", "role", "scale", "options", "when", "source_name"]
        return {k: out[k] for k in order if k in out}

    def choices(self, element: Mapping[str, Any], scored: bool) -> list[dict[str, Any]]:
        raw = element.get("choices") or []
        parsed: list[tuple[str, Any]] = []
        for choice in raw if isinstance(raw, list) else []:
            if isinstance(choice, dict):
                if "value" not in choice:
                    continue
                value = choice["value"]
                text = choice.get("text")
            else:
                value, text = choice, None
            parsed.append((js_string(value), text))
        stripped = [embedded_weight(v) if scored else None for v, _ in parsed]
        bases = [s[0] if s else v for s, (v, _) in zip(stripped, parsed, strict=True)]
        keep_originals = len(set(bases)) != len(bases)  # stripping the weights would merge choices
        taken: set[str] = set()
        options: list[dict[str, Any]] = []
        for (original, text), weight in zip(parsed, stripped, strict=True):
            base = original if keep_originals or weight is None else weight[0]
            value = _option_value(base, taken)
            label = self.localised(text) if text is not None else None
            option: dict[str, Any] = {"value": value, "label": label or original,
                                      "score": _score(weight[1]) if weight else 0}
            if value != original:
                option["source_value"] = original
            options.append(option)
        return options

    def condition(self, source: Any, where: str) -> str | None:
        if not isinstance(source, str) or not source.strip():
            return None
        try:
            return translate(source, self.known)
        except ExpressionError as exc:
            self.problem(source, f"cannot translate the visibleIf of {where}: {exc}",
                         "edit the survey, or the imported framework by hand")
            return None

    # ------------------------------------------------------------------ scoring

    def scoring(self) -> dict[str, Any] | None:
        if "impact" not in self.roles_used:
            self.warnings.append("no question scores impact (-RS): no levels can be computed")
            return None
        mitigation = self.roles_used.get("mitigation", 0.0)
        tallies: list[dict[str, Any]] = [{"id": "impact", "title": self.label("impact"), "higher": "worse"}]
        if "mitigation" in self.roles_used:
            tallies.append({"id": "mitigation", "title": self.label("mitigation")})
        scoring: dict[str, Any] = {"method": "levels", "tallies": tallies, "level_from": "impact"}
        if mitigation > 0:
            # The official tool halves the mitigation maximum: a respondent answers the design
            # phase's or the implementation phase's pages, never both.
            scoring["adjustments"] = [{"tally": "mitigation", "at_least": 80, "of": _number(mitigation / 2),
                                       "reduce_by": 15, "rounding": "half-up"}]
        requirements = self.requirements()
        levels = []
        for position, (numeral, up_to, rating) in enumerate(AIA_LEVELS):
            level: dict[str, Any] = {"id": numeral, "title": self.label("level", f" {numeral}")}
            if up_to is not None:
                level["up_to"] = up_to
            level["rating"] = rating
            if requirements:
                level["requirements"] = [
                    {"title": title, "text": texts[position]} for title, texts in requirements if texts[position]
                ]
            levels.append(level)
        scoring["levels"] = levels
        return scoring

    def label(self, key: str, suffix: str = "") -> str | dict[str, str]:
        langs = [self.options.default_lang, *sorted(self.languages - {self.options.default_lang})]
        texts = {lang: AIA_LABELS[key][lang] + suffix for lang in langs if lang in AIA_LABELS[key]}
        if len(texts) <= 1:
            return next(iter(texts.values()), AIA_LABELS[key]["en"] + suffix)
        return texts

    def requirements(self) -> list[tuple[Any, list[Any]]]:
        """Per-level requirements from the AIA's language files, merged across languages."""
        if not self.options.requirements:
            return []
        merged: list[tuple[dict[str, str], list[dict[str, str]]]] = []
        for lang, plugin in self.options.requirements.items():
            elements = (plugin.get("requirements") or {}).get("elements") if isinstance(plugin, dict) else None
            if not isinstance(elements, list):
                raise AssessError.at(f"{lang} requirements", "no 'requirements.elements' list in the file")
            for i, element in enumerate(elements):
                if i >= len(merged):
                    merged.append(({}, [{} for _ in AIA_LEVELS]))
                title, texts = merged[i]
                title[lang] = plain(str(element.get("title", "")))
                for level, entry in enumerate((element.get("elements") or [])[: len(AIA_LEVELS)]):
                    text = entry.get("text") if isinstance(entry, dict) else entry
                    if isinstance(text, str) and text.strip():
                        texts[level][lang] = plain(text)
        if len(self.options.requirements) > 1:
            self.languages.update(self.options.requirements)
        return [(_one_or_many(title), [_one_or_many(t) if t else None for t in texts]) for title, texts in merged]


def _one_or_many(texts: dict[str, str]) -> str | dict[str, str]:
    return next(iter(texts.values())) if len(texts) == 1 else texts


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _score(weight: float) -> float | int:
    if not 0 <= weight <= 100:
        raise AssessError.at("survey", f"a choice weight of {weight:g} is outside 0 to 100")
    return _number(weight)


def _option_value(base: str, taken: set[str]) -> str:
    value = base if _VALUE.match(base) and len(base) <= 64 else re.sub(r"[^A-Za-z0-9_.-]+", "_", base)
    value = value.lstrip("_.-") or "choice"
    if value == "dont_know":
        value = "dont_know_"
    return unique(value[:64], taken)


def _all_of(conditions: list[str]) -> str | None:
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return " and ".join(f"({c})" if " or " in c else c for c in conditions)


def _join_text(parts: list[Any]) -> Any:
    """Join plain or translated texts with blank lines, language by language."""
    if all(isinstance(p, str) for p in parts):
        return "\n\n".join(parts)
    langs: list[str] = []
    for p in parts:
        if isinstance(p, dict):
            langs += [k for k in p if k not in langs]
    return {lang: "\n\n".join(p if isinstance(p, str) else p.get(lang, next(iter(p.values()))) for p in parts)
            for lang in langs}


def convert_survey(survey: Any, options: Options, text: str = "") -> Imported:
    if not isinstance(survey, dict):
        raise AssessError.at(options.source, "not a SurveyJS survey: expected a JSON object")
    return _Converter(survey, options, text).convert()
