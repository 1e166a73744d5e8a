"""Findings: the gates of a result grouped by the fact they rest on.

Frameworks overlap on purpose, so one fact (staff were never told, no validation study exists) can raise gates
in several of them. A gate option may name the finding it rests on (`finding: staff_not_told`); gates that
name the same one, in any framework, are one finding, and a gate that names none is a finding of its own. The
verdict counts findings, not gates or frameworks (assess/scoring.py), and every output that lists gates
shows a shared finding once, naming each framework that raised it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.i18n import Translator
from assess.result import Finding, Gate, Result
from assess.safetext import has_misleading


def finding_key(gate: Gate) -> str:
    """The finding a gate belongs to: its declared id, else the gate itself."""
    return gate.finding if gate.finding is not None else f"{gate.framework}.{gate.question}.{gate.option}"


def group_findings(gates: Sequence[Gate]) -> list[Finding]:
    """The distinct findings among `gates`, in the order their first gate comes."""
    grouped: dict[str, list[Gate]] = {}
    for gate in gates:
        grouped.setdefault(finding_key(gate), []).append(gate)
    return [
        Finding(id=key, declared=members[0].finding is not None, stop=any(g.stop for g in members),
                frameworks=list(dict.fromkeys(g.framework for g in members)), gates=members)
        for key, members in grouped.items()
    ]


def gate_words(gate: Gate, titles: Mapping[str, str], numbers: Mapping[tuple[str, str], str],
               t: Translator) -> str:
    """A gate named as every output shows it: its framework's title and its question's number. A title holding a
    bidi control is closed in an isolate (U+2068 ... U+2069), so its override cannot reverse the words after it."""
    title = titles.get(gate.framework, gate.framework)
    if has_misleading(title):
        title = f"\u2068{title}\u2069"
    return t("{framework}, question {question}", framework=title,
             question=numbers.get((gate.framework, gate.question), gate.question))


def finding_words(finding: Finding, titles: Mapping[str, str], numbers: Mapping[tuple[str, str], str],
                  t: Translator) -> str:
    """A finding in a sentence: its one gate, or "one finding, raised in 2 frameworks (...)"."""
    where = "; ".join(gate_words(g, titles, numbers, t) for g in finding.gates)
    if len(finding.gates) == 1:
        return where
    if len(finding.frameworks) > 1:
        return t("one finding, raised in {n} frameworks ({gates})", n=len(finding.frameworks), gates=where)
    return t("one finding, raised by {n} gates ({gates})", n=len(finding.gates), gates=where)


def finding_heading(finding: Finding, titles: Mapping[str, str], t: Translator) -> str:
    """The line that introduces a finding several gates raised, above the gates themselves."""
    if len(finding.frameworks) > 1:
        return t("One finding, raised in {n} frameworks: {frameworks}", n=len(finding.frameworks),
                 frameworks=", ".join(titles.get(f, f) for f in finding.frameworks))
    return t("One finding, raised by {n} gates in {framework}", n=len(finding.gates),
             framework=titles.get(finding.frameworks[0], finding.frameworks[0]))


def findings_of(result: Result) -> list[Finding]:
    """The result's findings (a result made before findings existed has none recorded: grouped here)."""
    return result.findings if result.findings or not result.gates else group_findings(result.gates)
