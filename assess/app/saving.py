"""Assessments written back: whole (atomically, under the file's lock), pinned, or with an action plan recorded.

Every change here reads, changes and writes the file while holding its lock (`assess.safewrite.hold`), so
`assess run` on the same file is refused instead of overwritten, and a crash leaves the old file or the new.
"""

from __future__ import annotations

from pathlib import Path

from assess.loading import FrameworkLibrary
from assess.model import Assessment, Framework


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


def record_plan(plan_path: Path, plan_shown: str, path: Path, shown: str, library: FrameworkLibrary) -> int:
    """Owners, due dates and statuses from a filled-in plan (XLSX or CSV) merged into the assessment's
    `action_plan`. Returns how many actions the plan recorded."""
    import yaml

    from assess.atomic import write_atomic
    from assess.errors import AssessError
    from assess.files import read_user_file
    from assess.loading import load_assessment
    from assess.plan import plan_block, read_plan
    from assess.safewrite import hold, same_file
    from assess.storage import with_block
    from assess.yamlsource import MAX_FILE_BYTES

    if same_file(plan_path, path):
        raise AssessError.at(plan_shown, "is the assessment itself; name the spreadsheet exported from it")
    with hold(path, "assess actions import", shown):
        assessment, frameworks = load_assessment(path, library)
        known = {fid: set(fw.question_index) for fid, fw in frameworks.items()}
        plan = read_plan(plan_path, known, display=plan_shown)
        merged = {fid: dict(questions) for fid, questions in (assessment.action_plan or {}).items()}
        for fid, questions in plan.items():
            merged.setdefault(fid, {}).update(questions)
        text = read_user_file(path, shown, "YAML", MAX_FILE_BYTES).decode("utf-8-sig")
        updated = with_block(text, "action_plan", plan_block(merged), shown)
        Assessment.model_validate(yaml.safe_load(updated))  # what will be written reads back, before writing it
        write_atomic(path, updated)
    return sum(len(q) for q in plan.values())
