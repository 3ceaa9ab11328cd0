"""The installed `ssi-advise` console script, run as a real process from another folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES


def command() -> str:
    beside = Path(sys.executable).parent / "ssi-advise"
    found = str(beside) if beside.exists() else shutil.which("ssi-advise")
    if not found:
        pytest.fail("the ssi-advise command is not installed; run: pip install '.[test]'")
    return found


def test_the_installed_command_runs_on_an_example_from_any_folder(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [command(), str(EXAMPLES / "account-manager.yaml"), "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["estimate"] is True and 0 < report["total"] <= 100


def test_the_installed_command_reports_bad_input_without_a_traceback(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    done = subprocess.run([command(), str(bad)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == f"{bad}:1:4: the tag !!python/object/apply:os.system is not allowed: files hold data only, nothing in them is executed"
    assert "hacked" not in done.stdout + done.stderr


def test_the_package_installs_as_one_import_package():
    import ssi_advise.engine as engine

    # Not resolved: an editable install reaches the source folders through src/ssi_advise.
    root = Path(engine.__file__).parent.parent
    assert root.name == "ssi_advise"
    assert (root / "rules" / "pack.yaml").is_file()
    assert (root / "schemas" / "report.schema.json").is_file()
    site = root.parent
    assert not (site / "engine").exists() and not (site / "cli").exists()
