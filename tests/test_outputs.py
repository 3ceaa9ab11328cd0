"""A report is never written over any file the run read: the profile, and every file of every
pack layer, the built-in pack inside the installation included."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.cli.main import main
from ssi_advise.engine import load_pack

PROFILE = str(EXAMPLES / "coach.yaml")


def coach_pack(tmp_path: Path) -> Path:
    """A pack that extends the built-in one and adds a rule file of its own."""
    pack = tmp_path / "coach"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: coach\nversion: "1"\nextends: default\n', encoding="utf-8")
    return pack


def built_in_files() -> list[Path]:
    return [Path(p) for p in load_pack().files]


def test_every_file_of_every_layer_is_listed_as_read(tmp_path):
    pack = coach_pack(tmp_path)
    files = [Path(p) for p in load_pack(pack).files]
    assert files[: len(built_in_files())] == built_in_files()
    assert files[-1] == pack / "pack.yaml"
    assert {p.name for p in built_in_files()} >= {"pack.yaml", "brand.yaml", "relationships.yaml"}


@pytest.mark.parametrize("which", ["pack.yaml", "brand.yaml", "relationships.yaml"])
def test_a_report_over_a_file_of_the_extended_built_in_pack_is_refused(tmp_path, which):
    pack = coach_pack(tmp_path)
    target = next(p for p in built_in_files() if p.name == which)
    before = target.read_bytes()
    for rules in (str(pack), None):  # through a coach's pack, and with the built-in pack itself
        args = [PROFILE, "-o", str(target)] + (["--rules", rules] if rules else [])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"{target}: is one of the input files; refusing to overwrite it"
        assert target.read_bytes() == before


def test_a_report_over_the_coach_packs_own_pack_file_is_refused(tmp_path):
    pack = coach_pack(tmp_path)
    target = pack / "pack.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(main, [PROFILE, "--rules", str(pack), "-o", str(target)])
    assert result.exit_code == 2 and target.read_bytes() == before


@pytest.mark.parametrize(("redirect", "reason"), [
    ("> /dev/full", "No space left on device"),
    (">&-", "standard output is closed"),
])
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(redirect, reason):
    import shlex
    import subprocess
    import sys

    command = shlex.quote(str(Path(sys.executable).parent / "ssi-advise"))
    done = subprocess.run(f"{command} {shlex.quote(PROFILE)} {redirect}", shell=True, capture_output=False,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == f"cannot write the report: {reason}\n"


@pytest.mark.parametrize("command", ["rules check", "rules schema", "explain {profile}", "--help"])
@pytest.mark.parametrize(("redirect", "reason"), [("> /dev/full", "No space left on device"), (">&-", "standard output is closed")])
def test_no_command_loses_its_output_and_still_exits_0(command, redirect, reason):
    import shlex
    import subprocess
    import sys

    executable = shlex.quote(str(Path(sys.executable).parent / "ssi-advise"))
    words = command.format(profile=shlex.quote(PROFILE))
    done = subprocess.run(f"{executable} {words} {redirect}", shell=True, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (2, f"cannot write the report: {reason}\n")


def test_the_history_is_never_the_report_itself(tmp_path):
    target = tmp_path / "both.jsonl"
    result = CliRunner().invoke(main, [PROFILE, "--history", str(target), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{target}: is also the report (-o); keep the history in a file of its own"
    assert not target.exists()


def test_a_history_line_holding_escape_codes_is_refused_at_its_line(tmp_path):
    history = tmp_path / "h.jsonl"
    assert CliRunner().invoke(main, [PROFILE, "--history", str(history), "-o", str(tmp_path / "r.txt")]).exit_code == 0
    line = history.read_text(encoding="utf-8")
    history.write_text(line + line.replace('"Marieke Jansen"', '"\\u001b[2JEvil"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["history", str(history)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{history}:2: profile.name: holds the control character U+001B, which is not allowed in text"
