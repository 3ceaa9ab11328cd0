"""A coach's own git repository runs this repository's pre-commit hooks on her pack.

The offline test hands pre-commit the hooks exactly as `.pre-commit-hooks.yaml` declares
them (id, entry, arguments, file filter), as local hooks run by the installed
`ssi-advise`: pre-commit's `language: python` would otherwise install this repository
into a fresh virtual environment from the package index, which an offline machine cannot
reach. `SSI_ADVISE_NETWORK_TESTS=1` also runs the real `pre-commit try-repo`, install and all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest.importorskip("pre_commit")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]

REPO = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PACK = {
    "pack.yaml": 'pack: coach\nversion: "1.0"\nextends: default\n\ndisable:\n  - insights.leave_dead_groups\n',
    "tests/cases.yaml": ("cases:\n  - name: the disabled advice is gone\n    profile: {insights: {groups: 80}}\n"
                         "    expect:\n      not_actions: [insights.leave_dead_groups]\n"),
}


def coach_repository(folder: Path, config: str | None) -> Path:
    for name, text in PACK.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if config is not None:
        (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    return folder


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def pre_commit(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)


def break_the_pack(folder: Path) -> None:
    (folder / "pack.yaml").write_text('pack: coach\nversion: "1.0"\nextends: defualt\n', encoding="utf-8")
    git(folder, "add", "-A")


def test_the_declared_hooks_pass_a_good_pack_and_fail_a_broken_one(tmp_path):
    local = [{**hook, "language": "system"} for hook in HOOKS]
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False)
    folder = coach_repository(tmp_path / "coach", config)
    good = pre_commit(folder, tmp_path / "home", "run", "--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    assert [line.rsplit(".", 1)[-1] for line in good.stdout.splitlines() if line.startswith("ssi-advise")] == ["Passed"] * 3
    break_the_pack(folder)
    bad = pre_commit(folder, tmp_path / "home", "run", "--all-files")
    assert bad.returncode == 1
    assert "pack.yaml:3:1: error: extends: extends 'defualt': no such pack folder (did you mean 'default'?)" in bad.stdout


@pytest.mark.skipif(os.environ.get("SSI_ADVISE_NETWORK_TESTS") != "1", reason="installs the hooks from the package index")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="try-repo needs this repository's git checkout")
def test_pre_commit_try_repo_installs_and_runs_the_hooks(tmp_path):
    folder = coach_repository(tmp_path / "coach", None)
    good = pre_commit(folder, tmp_path / "home", "try-repo", str(REPO), "--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    break_the_pack(folder)
    bad = pre_commit(folder, tmp_path / "home", "try-repo", str(REPO), "--all-files")
    assert bad.returncode == 1
    assert "extends 'defualt': no such pack folder (did you mean 'default'?)" in bad.stdout
