"""A non-editable install carries the frameworks and templates: the tool works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    # A wheel that cannot be built is a failure: a broken pyproject.toml must not pass as a skipped test.
    assert build.returncode == 0, f"pip could not build the wheel:\n{build.stderr[-2000:]}"
    (built,) = out.glob("assess-*.whl")
    return built


def test_wheel_contains_frameworks_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped_frameworks = sorted(p.name for p in (ROOT / "frameworks").glob("*.yaml"))
    assert sorted(Path(n).name for n in names if n.startswith("assess/frameworks/")) == shipped_frameworks
    shipped_templates = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*")
                         if p.is_file() and p.name != ".keep"}
    packed_templates = {n.removeprefix("assess/templates/") for n in names if n.startswith("assess/templates/")}
    assert shipped_templates <= packed_templates, sorted(shipped_templates - packed_templates)  # every one, by name
    assert any(n.endswith("entry_points.txt") for n in names)
    assert "assess/locale/fr/LC_MESSAGES/assess.mo" in names  # the compiled catalogue, committed beside its .po


def test_installed_wheel_runs_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True)
    # Dependencies from this environment, the package only from the installed wheel: -S skips site
    # processing, so the editable install's .pth cannot put the source tree back on the path.
    deps = sysconfig.get_paths()["purelib"]
    code = (
        "import sys; sys.path[:0] = sys.argv[1:3]\n"
        "import assess.loading as l, assess.cli as c\n"
        "assert l.builtin_frameworks_dir().is_relative_to(sys.argv[1]), l.builtin_frameworks_dir()\n"
        "from assess.i18n import Translator\n"
        "assert Translator('fr')('Proceed') == \"Aller de l'avant\", 'the French catalogue is not installed'\n"
        "raise SystemExit(c.main(['frameworks']))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([sys.executable, "-S", "-c", code, str(target), deps],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    for framework in (ROOT / "frameworks").glob("*.yaml"):
        assert f"{framework.stem}  v" in run.stdout
