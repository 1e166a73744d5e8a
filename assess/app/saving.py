"""Assessments written back: whole (atomically, under the file's lock), pinned, or with an action plan recorded
(a filled-in plan is read here for the workspace too, which keeps its entries as rows of their own).

Every change here reads, changes and writes the file while holding its lock (`assess.safewrite.hold`), so
`assess run` on the same file is refused instead of overwritten, and a crash leaves the old file or the new.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath

from assess.app.documents import Source
from assess.loading import FrameworkLibrary
from assess.model import Assessment, Framework, PlanEntry


def assessment_yaml(assessment: Assessment) -> str:
    """The assessment as the YAML file `assess` writes (and the workspace exports)."""
    from assess.storage import dump_assessment

    return dump_assessment(assessment)


def save_assessment(path: Path, assessment: Assessment, command: str = "assess", shown: str | None = None) -> None:
    """Write `assessment` to `path` atomically, holding its lock while writing."""
    from assess.safewrite import hold
    from assess.storage import save_assessment as save

    with hold(path, command, shown or str(path)):
        save(path, assessment)


def pin_file(path: Path, library: FrameworkLibrary, shown: str) -> dict[str, Framework]:
    """Record the current version and hashes of each framework in the file's `frameworks:` block, keeping the
    rest of the file (comments included) as it is. Returns the frameworks pinned."""
    from assess.atomic import write_atomic
    from assess.files import read_user_file
    from assess.loading import load_assessment
    from assess.safewrite import hold
    from assess.storage import pinned_text
    from assess.yamlsource import MAX_FILE_BYTES

    with hold(path, "assess pin", shown):
        _, frameworks = load_assessment(path, library)
        text = read_user_file(path, shown, "YAML", MAX_FILE_BYTES).decode("utf-8-sig")
        write_atomic(path, pinned_text(text, frameworks, shown))
    return dict(frameworks)


def filled_plan(plan: Path | Source, frameworks: Mapping[str, Framework], shown: str | None = None
                ) -> dict[str, dict[str, PlanEntry]]:
    """The owners, due dates and statuses of a filled-in plan (XLSX or CSV: a file, or an upload's bytes), by
    framework and question, every row checked against the questions of the assessment's `frameworks`."""
    from assess.plan import parse_plan, read_plan

    known = {fid: set(fw.question_index) for fid, fw in frameworks.items()}
    if isinstance(plan, Source):
        return parse_plan(plan.data, PurePath(plan.name).suffix.lower(), known, plan.name)
    return read_plan(plan, known, display=shown)


def merged_plan(recorded: Mapping[str, Mapping[str, PlanEntry]] | None,
                plan: Mapping[str, Mapping[str, PlanEntry]]) -> dict[str, dict[str, PlanEntry]]:
    """The action plan once `plan` is recorded over `recorded`: the entries the plan names are replaced, every
    other stays (the workspace keeps one row per entry, and sets the rows the plan names, to the same effect)."""
    merged = {fid: dict(questions) for fid, questions in (recorded or {}).items()}
    for fid, questions in plan.items():
        merged.setdefault(fid, {}).update(questions)
    return merged


def record_plan(plan_path: Path, plan_shown: str, path: Path, shown: str, library: FrameworkLibrary) -> int:
    """Owners, due dates and statuses from a filled-in plan (XLSX or CSV) merged into the assessment's
    `action_plan`. Returns how many actions the plan recorded."""
    import yaml

    from assess.atomic import write_atomic
    from assess.errors import AssessError
    from assess.files import read_user_file
    from assess.loading import load_assessment
    from assess.plan import plan_block
    from assess.safewrite import hold, same_file
    from assess.storage import with_block
    from assess.yamlsource import MAX_FILE_BYTES

    if same_file(plan_path, path):
        raise AssessError.at(plan_shown, "is the assessment itself; name the spreadsheet exported from it")
    with hold(path, "assess actions import", shown):
        assessment, frameworks = load_assessment(path, library)
        plan = filled_plan(plan_path, frameworks, plan_shown)
        merged = merged_plan(assessment.action_plan, plan)
        text = read_user_file(path, shown, "YAML", MAX_FILE_BYTES).decode("utf-8-sig")
        updated = with_block(text, "action_plan", plan_block(merged), shown)
        Assessment.model_validate(yaml.safe_load(updated))  # what will be written reads back, before writing it
        write_atomic(path, updated)
    return sum(len(q) for q in plan.values())
