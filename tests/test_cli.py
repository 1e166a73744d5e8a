"""The command line as a user meets it: exit codes, messages, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess import __version__
from assess.schemas import json_schema
from assess.yamlsource import read_document
from tests.conftest import CORE_FIXTURES, ROOT

FW = str(CORE_FIXTURES / "frameworks")
GOOD = str(CORE_FIXTURES / "good.yaml")


def test_version_and_module_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "assess", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"assess {__version__}"


def test_no_command_prints_help_and_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli()
    assert code == 2 and "validate" in out


def test_frameworks_lists_user_frameworks(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("frameworks", "--frameworks", FW)
    assert code == 0
    assert "mini  v1.0.0  9 questions" in out and "A test framework" in out


def test_score_table_and_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("score", GOOD, "--frameworks", FW)
    assert code == 0 and "Verdict: Proceed with conditions" in out and "54.5%" in out
    code, out, _ = cli("score", GOOD, "--frameworks", FW, "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, json_schema("result"))
    assert data["verdict"] == "Proceed with conditions"


def test_fail_on_thresholds(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("score", GOOD, "--frameworks", FW, "--fail-on", "amber")[0] == 1
    assert cli("score", GOOD, "--frameworks", FW, "--fail-on", "red")[0] == 0


def test_validate_reports_every_error_at_once(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: assess/assessment@1\ntitle: T\nsubject: {organisation: O, system: S}\n"
        "frameworks:\n  mini: {version: 1.0.0}\nanswers:\n  mini:\n"
        "    objective: {answer: generic}\n    trust: {answer: 7}\n    nope: {answer: x}\n"
    )
    code, _, err = cli("validate", bad, "--frameworks", FW)
    assert code == 2
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert [line.split(":")[1:3] for line in lines] == [["8", "25"], ["9", "21"], ["10", "5"]]


def test_missing_file_and_directory_are_one_line_errors(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("score", tmp_path / "absent.yaml")
    assert code == 2 and err.strip() == f"{tmp_path / 'absent.yaml'}:1:1: error: no such file"
    code, _, err = cli("validate", tmp_path)
    assert code == 2 and "is a directory" in err


def test_schema_command_prints_json_schema(cli) -> None:  # type: ignore[no-untyped-def]
    for kind in ("framework", "assessment", "result"):
        code, out, _ = cli("schema", kind)
        schema = json.loads(out)
        assert code == 0 and schema["$schema"].endswith("2020-12/schema")
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_accepts_the_shipped_fixture(cli) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = cli("schema", "framework")
    # Our reader, like an editor's YAML 1.2 parser, keeps `no` and dates as text.
    data = read_document(CORE_FIXTURES / "frameworks" / "mini.yaml").data
    jsonschema.validate(data, json.loads(out))


def test_pin_records_hashes_and_keeps_comments(tmp_path: Path, mini_dir: Path, cli) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.yaml"
    target.write_text("# my notes\n" + Path(GOOD).read_text().replace("title:", "# keep me\ntitle:", 1))
    code, out, _ = cli("pin", target, "--frameworks", mini_dir)
    assert code == 0 and "pinned mini 1.0.0" in out
    text = target.read_text()
    assert "# my notes" in text and "# keep me" in text and "sha256:" in text
    assert cli("validate", target, "--frameworks", mini_dir)[0] == 0
    # Change the framework under the pinned answers: scoring warns and names the question.
    fw = mini_dir / "mini.yaml"
    fw.write_text(fw.read_text().replace("ask: Anything else?", "ask: Anything more?"))
    code, _, err = cli("score", target, "--frameworks", mini_dir)
    assert code == 0 and "warning: framework 'mini' changed" in err and "changed: remarks" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_produce_a_traceback(tmp_path: Path, cli, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    code, _, err = cli("validate", path, "--frameworks", FW)
    assert code == 2
    assert "Traceback" not in err and err.splitlines()[0].startswith(f"{path}:")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="abc:-[]{}&*!'\"\n #|>,?0123456789", max_size=120))
def test_arbitrary_yaml_like_text_never_produces_a_traceback(tmp_path: Path, cli, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fuzz.yaml"
    path.write_text("schema: assess/framework@1\n" + text)
    code, _, err = cli("validate", path)
    assert code == 2 and "Traceback" not in err


def test_readme_opens_with_the_three_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```sh")
    head = readme[start: readme.index("```", start + 5)]
    assert "bash scripts/bootstrap.sh && .venv/bin/assess report" in head
    assert "bash scripts/bootstrap.sh && .venv/bin/assess serve" in head
    assert "bash scripts/bootstrap.sh --dev && bash scripts/check.sh" in head
    assert "bash scripts/bootstrap.sh --dev && bash scripts/check.sh" in (ROOT / ".ci" / "run").read_text()


def test_shipped_schema_files_are_current(cli) -> None:  # type: ignore[no-untyped-def]
    for kind in ("framework", "assessment", "result"):
        _, out, _ = cli("schema", kind)
        shipped = (ROOT / "schemas" / f"{kind}.schema.json").read_text()
        assert json.loads(shipped) == json.loads(out), f"run: assess schema {kind} > schemas/{kind}.schema.json"


def test_shipped_files_validate_against_the_shipped_schemas() -> None:
    schemas = {k: json.loads((ROOT / "schemas" / f"{k}.schema.json").read_text()) for k in ("framework", "assessment")}
    for path in sorted((ROOT / "frameworks").glob("*.yaml")):
        jsonschema.validate(read_document(path).data, schemas["framework"])
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        jsonschema.validate(read_document(path).data, schemas["assessment"])


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, cli) -> None:  # type: ignore[no-untyped-def]
    import assess.cli

    def broken(_args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(assess.cli, "cmd_schema", broken)
    code, _, err = cli("schema", "framework")
    assert code == 70
    assert "Traceback" not in err and "internal error: RuntimeError: boom" in err
