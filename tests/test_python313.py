"""Python 3.13 with a durable-rules built without the README's flag: its C module references
`PyEval_CallObject`, which 3.13 removed. The engine loads it with lazy symbol binding, so every
command works; where lazy binding is defeated, it stops with one line saying how to reinstall."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

from ssi_advise.engine.durable_driver import REINSTALL

pytestmark = pytest.mark.slow


def python313() -> str | None:
    found = shutil.which("python3.13")
    candidates = sorted(glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.13*" / "bin" / "python3.13")))
    return candidates[-1] if candidates else found


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CPPFLAGS", "LD_BIND_NOW")}
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env={**clean, **env})


@pytest.fixture(scope="module")
def unpatched_venv(tmp_path_factory) -> Path:
    interpreter = python313()
    if interpreter is None:
        pytest.skip("no Python 3.13 here (looked on PATH and in ~/.pyenv/versions)")
    venv = tmp_path_factory.mktemp("py313") / "venv"
    assert run([interpreter, "-m", "venv", str(venv)]).returncode == 0
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-cache-dir"]
    built = run([*pip, "durable-rules==2.0.28"])
    if built.returncode != 0:
        pytest.skip(f"this compiler cannot build durable-rules for 3.13 without the flag: {built.stderr.strip()[-200:]}")
    plain = run([str(venv / "bin" / "python"), "-c", "import durable_rules_engine"])
    assert "undefined symbol: PyEval_CallObject" in plain.stderr, "the build was expected to lack the flag"
    installed = run([*pip, str(REPO)])
    assert installed.returncode == 0, installed.stderr[-2000:]
    return venv


def test_an_unpatched_durable_rules_on_313_still_runs_every_command(unpatched_venv: Path):
    command = str(unpatched_venv / "bin" / "ssi-advise")
    version = run([command, "--version"])
    assert version.returncode == 0 and version.stdout.startswith("ssi-advise, version"), version.stderr
    report = run([command, str(EXAMPLES / "account-manager.yaml"), "--format", "json"])
    assert report.returncode == 0, report.stderr
    assert 0 < json.loads(report.stdout)["total"] <= 100


def test_when_lazy_binding_is_defeated_one_line_says_how_to_reinstall(unpatched_venv: Path):
    done = run([str(unpatched_venv / "bin" / "ssi-advise"), "--version"], LD_BIND_NOW="1")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [REINSTALL]
