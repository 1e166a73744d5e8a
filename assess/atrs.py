"""A draft Algorithmic Transparency Recording Standard (ATRS) record from a scored assessment.

The UK's ATRS asks a public body to publish a Tier 1 summary (for the public) and Tier 2 detail
(ownership, description and rationale, decision-making process, tool specification, data, impact
assessments, risks and mitigations). This module fills only the fields an assessment can support, each
with where the value came from, and leaves every other field marked "to complete" with what it needs:
a draft for the organisation to finish, not a record to publish as it stands. The section and field
names follow the ATRS template's Tier 1 and Tier 2 headings; check them against the current template
before publishing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from assess.i18n import ENGLISH
from assess.model import Assessment, Framework
from assess.numbering import question_numbers
from assess.result import Result

STANDARD = "Algorithmic Transparency Recording Standard (UK), Tier 1 and Tier 2"
TO_COMPLETE = "To complete"


@dataclass(frozen=True)
class AtrsField:
    name: str
    value: str | None  # None: to complete
    source: str  # where the value came from, or what completing it needs
    items: list[str] = field(default_factory=list)  # a list of values, where the field is one


@dataclass(frozen=True)
class AtrsSection:
    title: str
    fields: list[AtrsField]


@dataclass(frozen=True)
class AtrsRecord:
    standard: str
    draft_from: str  # the assessment this draft was made from
    sections: list[AtrsSection]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def _todo(name: str, needs: str) -> AtrsField:
    return AtrsField(name, None, needs)


def build_record(assessment: Assessment, frameworks: Mapping[str, Framework], result: Result,
                 source_name: str) -> AtrsRecord:
    subject = assessment.subject
    numbers = question_numbers(frameworks[fr.id] for fr in result.frameworks)
    date = assessment.date.isoformat() if assessment.date else "undated"
    this = f"'{assessment.title}' ({date})"
    ratings = [f"{fr.title}: {fr.rating.value} (assurance {ENGLISH.percent(fr.assurance)})" for fr in result.frameworks]
    plan = assessment.action_plan or {}
    mitigations = []
    for action in result.actions:
        entry = plan.get(action.framework, {}).get(action.question)
        agreed = ""
        if entry is not None:
            parts = [p for p in (entry.owner, entry.due.isoformat() if entry.due else None,
                                 entry.status.value if entry.status else None) if p]
            agreed = f" [{'; '.join(parts)}]" if parts else ""
        mitigations.append(f"{action.priority.capitalize()} ({numbers.get((action.framework, action.question), '')}):"
                           f" {action.recommendation}{agreed}")
    risks = [f"Gate ({numbers.get((g.framework, g.question), g.question)}): {g.message}" for g in result.gates]
    risks += [f"{fr.title}: {reason}" for fr in result.frameworks if fr.rating.value != "green"
              for reason in fr.rating_reasons if not reason.startswith("gate:")]
    tier1 = AtrsSection("Tier 1: summary information", [
        AtrsField("Name", subject.system, "the assessment's subject.system"),
        AtrsField("Description", subject.description, "the assessment's subject.description")
        if subject.description else _todo("Description", "a plain-language account of what the tool does and why"),
        _todo("Website URL", "where the public can read more about the tool"),
        _todo("Contact email", "a contact for questions about the tool"),
    ])
    owner = AtrsSection("Tier 2: owner and responsibility", [
        AtrsField("Organisation or department", subject.organisation, "the assessment's subject.organisation"),
        _todo("Team", "the team that runs the tool"),
        _todo("Senior responsible owner", "the role accountable for the tool"),
        _todo("External supplier involvement", "the supplier, its role, and the procurement route"),
    ])
    rationale = AtrsSection("Tier 2: description and rationale", [
        AtrsField("Detailed description", subject.description, "the assessment's subject.description")
        if subject.description else _todo("Detailed description", "how the tool works, step by step"),
        _todo("Scope", "what the tool is and is not used for"),
        _todo("Benefit", "the expected benefit and how it is measured"),
        _todo("Previous process", "how the task was done before the tool"),
        _todo("Alternatives considered", "the less intrusive options considered and why they were rejected"),
    ])
    process = AtrsSection("Tier 2: decision-making process", [
        _todo("Process integration", "where the tool's output enters decisions"),
        _todo("Provided information", "what the tool shows its users"),
        _todo("Frequency and scale of usage", "how often the tool runs and over how many people"),
        _todo("Human decisions and review", "who decides on the output and how they review it"),
        _todo("Required training", "the training users receive"),
        _todo("Appeals and review", "how a person affected can challenge an outcome"),
    ])
    specification = AtrsSection("Tier 2: tool specification", [
        _todo("System architecture", "the components and how data flows between them"),
        AtrsField("Phase", subject.stage, "the assessment's subject.stage") if subject.stage
        else _todo("Phase", "pre-deployment, beta/pilot, production or retired"),
        _todo("Maintenance", "how and how often the tool is reviewed and updated"),
        _todo("Models", "the models or rules used, and how they were built and tested"),
    ])
    data = AtrsSection("Tier 2: data", [
        _todo("Source data", "the datasets used, their owners, and the legal basis for each"),
        _todo("Data collection and sharing", "how the data was collected and any sharing agreements"),
        _todo("Data access and storage", "who can access the data, where it is stored, and for how long"),
    ])
    impact = AtrsSection("Tier 2: risks, mitigations and impact assessments", [
        AtrsField("Impact assessments", f"{this}: verdict '{result.verdict.value}'"
                  + ("" if result.complete else " (provisional: questions remain unanswered)"),
                  f"this assessment ({source_name}), scored by assess {result.tool_version}", items=ratings),
        AtrsField("Risks", f"{len(risks)} risks found by the assessment (listed below)" if risks else None,
                  "the assessment's gates and the reasons for each rating below green" if risks
                  else "no gate or rating below green: state the residual risks", items=risks),
        AtrsField("Mitigations",
                  f"{len(mitigations)} actions in the assessment's action plan (listed below)" if mitigations else None,
                  "the action plan, with owners, due dates and statuses where recorded" if mitigations
                  else "the measures that address the risks", items=mitigations),
    ])
    return AtrsRecord(STANDARD, f"{this}, {source_name}",
                      [tier1, owner, rationale, process, specification, data, impact])


def record_markdown(record: AtrsRecord) -> str:
    from assess.rendering.markdown import cell, md

    lines = ["# Algorithmic Transparency Recording Standard: draft record", "",
             f"*A draft made by assess from {md(record.draft_from)}. Fields marked \u201c{TO_COMPLETE}\u201d need "
             "the organisation's own answer; check the rest, and the field names against the current ATRS "
             "template, before publishing.*", ""]
    for section in record.sections:
        lines += [f"## {md(section.title)}", "", "| Field | Value | Source |", "|---|---|---|"]
        for f in section.fields:
            value = cell(f.value) if f.value else f"**{TO_COMPLETE}**"
            lines.append(f"| {cell(f.name)} | {value} | {cell(f.source)} |")
        lines.append("")
        for f in section.fields:
            if f.items:
                lines += [f"**{md(f.name)}**", ""] + [f"- {md(item)}" for item in f.items] + [""]
    return "\n".join(lines)
