"""Hostile input made on the spot: FIFOs, devices, sockets, symlinks, editor leftovers, names
too long, paths through files, packs whose tests reach outside, megabyte keys, 100,000
problems, and every way of writing the report that could destroy what the user owns.

Each case asserts the exact line a user sees. Cases that would hang a broken build (a FIFO
read or written) run the command in a child process with a timeout.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, PACK_YAML

from ssi_advise.cli.main import main
from ssi_advise.engine import InputError, load_pack
from ssi_advise.engine import files as files_module
from ssi_advise.engine.files import write_atomic
from ssi_advise.engine.problems import Problem
from ssi_advise.engine.schemas import load_schema

GOOD_PROFILE = str(EXAMPLES / "coach.yaml")
LONG_NAME = "n" * 300  # longer than any file system's 255-byte name limit
# The top-level fields of the profile contract, as the "unknown field" message lists them.
UNKNOWN = f"(expected one of: {', '.join(load_schema('profile')['properties'])})"
TIMEOUT = 60


def cli(*args: str) -> tuple[int, list[str], str]:
    """Run the command in this process: exit code, lines on standard error, standard output."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines(), result.stdout


def child(*args: str, **options) -> subprocess.CompletedProcess[str]:
    """Run `python -m ssi_advise` in a child process (never hangs the suite)."""
    return subprocess.run([sys.executable, "-m", "ssi_advise", *args], capture_output=True, text=True, timeout=TIMEOUT, **options)


def small_pack(folder: Path, rules: str, name: str = "rules.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (folder / name).write_text(rules, encoding="utf-8")
    return folder


PHOTO_RULES = """\
pillar: brand
measures:
  - id: brand.photo
    title: {en: Photo, nl: Foto}
    max_points: 1
    checks:
      - {fact: brand.photo, points: 1}
"""


# -- numbers mean what the user wrote ----------------------------------------------------------

def test_ten_checks_of_a_tenth_add_up_to_one(tmp_path):
    checks = "\n".join(f"      - {{fact: brand.skills, min: {n}, points: 0.1}}" for n in range(1, 11))
    pack = small_pack(tmp_path / "p", f"""\
pillar: brand
measures:
  - id: brand.skills
    title: {{en: Skills, nl: Vaardigheden}}
    max_points: 1
    checks:
{checks}
""")
    assert load_pack(pack).measure("brand.skills").max_points == 1
    code, _, out = cli("rules", "check", str(pack))
    assert code == 0 and "0 error(s)" in out.splitlines()[-1] or out.splitlines()[-1] == f"{pack}: no problems"


def test_a_pillar_of_0_1_plus_16_1_plus_8_8_is_25_not_more(tmp_path):
    measures = "".join(f"""\
  - id: brand.m{index}
    title: {{en: M, nl: M}}
    fact: brand.skills
    max_points: {points}
    bands:
      - {{min: 0, points: 0}}
      - {{min: 5, points: {points}}}
""" for index, points in enumerate((0.1, 16.1, 8.8)))
    pack = small_pack(tmp_path / "p", f"pillar: brand\nmeasures:\n{measures}")
    assert len(load_pack(pack).measures) == 3
    code, _, out = cli("rules", "check", str(pack))
    assert code == 0 and "0 error(s)" in out.splitlines()[-1] or out.splitlines()[-1] == f"{pack}: no problems"


def test_a_band_threshold_written_1e3_is_the_number_1000(tmp_path):
    pack = small_pack(tmp_path / "p", PHOTO_RULES.replace("checks:\n      - {fact: brand.photo, points: 1}",
                                                          "fact: brand.followers\n    bands:\n      - {min: 0, points: 0}\n      - {min: 1e3, points: 1}"))
    assert load_pack(pack).measure("brand.photo").bands[1].min == 1000.0


# -- text is shown as text -------------------------------------------------------------------

def test_a_four_megabyte_key_makes_a_short_line(tmp_path):
    profile = tmp_path / "big-key.json"
    profile.write_text(json.dumps({"k" * (4 << 20): 1}), encoding="utf-8")
    code, errors, _ = cli(str(profile))
    quoted = "'" + "k" * 47 + "…'"
    assert (code, errors) == (2, [f"{profile}: {quoted}: unknown field {quoted} {UNKNOWN}"])


def test_a_megabyte_value_is_quoted_short(tmp_path):
    profile = tmp_path / "long-language.yaml"
    profile.write_text("language: " + "q" * (1 << 20) + "\n", encoding="utf-8")
    code, errors, _ = cli(str(profile))
    assert (code, errors) == (2, [f"{profile}:1:1: language: '" + "q" * 39 + "…' is not a language code such as en or nl"])


def test_a_megabyte_key_in_a_rule_file_makes_a_short_line(tmp_path):
    pack = small_pack(tmp_path / "p", json.dumps({"pillar": "brand", "z" * (1 << 20): 1}))
    code, _, out = cli("rules", "check", str(pack))
    quoted = "'" + "z" * 47 + "…'"
    assert code == 2
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors == [f"{pack}/rules.yaml: error: {quoted}: unknown field {quoted} (expected one of: pillar, measures, advice)"]
    assert out.splitlines()[-1].startswith(f"{pack}: 1 error(s), ")
    assert max(len(line) for line in out.splitlines()) < 400


def test_an_escape_sequence_in_a_file_name_is_printed_escaped(tmp_path):
    profile = tmp_path / "evil\x1b]0;pwned\x07.yaml"
    code, errors, _ = cli(str(profile))
    assert (code, errors) == (2, [f"{tmp_path}/evil\\x1b]0;pwned\\x07.yaml: no such file"])


# -- a hundred thousand problems ---------------------------------------------------------------

def test_a_hundred_thousand_unknown_keys_show_twenty_lines_and_a_count(tmp_path):
    profile = tmp_path / "keys.yaml"
    profile.write_text("".join(f"k{index}: {index}\n" for index in range(100_000)), encoding="utf-8")
    code, errors, _ = cli(str(profile))
    assert code == 2
    assert errors[0] == f"{profile}:1:1: k0: unknown field 'k0' {UNKNOWN}"
    assert errors[19] == f"{profile}:20:1: k19: unknown field 'k19' {UNKNOWN}"
    assert errors[20:] == ["… and 99,980 more problems"]


def test_twenty_five_problems_show_twenty_and_five_more(tmp_path):
    profile = tmp_path / "keys.json"
    profile.write_text(json.dumps({f"x{index}": index for index in range(25)}), encoding="utf-8")
    code, errors, _ = cli(str(profile))
    assert code == 2 and len(errors) == 21
    assert errors[-1] == "… and 5 more problems"


def test_the_library_keeps_every_problem_and_caps_only_its_lines():
    error = InputError([Problem(f"problem {index}", file="f.yaml", line=index) for index in range(1, 31)])
    assert len(error.problems) == 30
    assert error.lines() == [f"f.yaml:{index}: problem {index}" for index in range(1, 21)] + ["… and 10 more problems"]
    assert len(error.lines(limit=None)) == 30
    assert str(error).splitlines()[-1] == "… and 10 more problems"


# -- the file system is hostile too -----------------------------------------------------------

def test_a_fifo_as_the_profile_is_refused_at_once(tmp_path):
    fifo = tmp_path / "me.yaml"
    os.mkfifo(fifo)
    done = child(str(fifo))
    assert (done.returncode, done.stderr.splitlines()) == (2, [f"{fifo}: is a FIFO (named pipe), expected a regular file"])


def test_a_fifo_among_the_rule_files_is_refused_at_once(tmp_path):
    pack = small_pack(tmp_path / "p", PHOTO_RULES)
    os.mkfifo(pack / "more.yaml")
    done = child(GOOD_PROFILE, "--rules", str(pack))
    assert (done.returncode, done.stderr.splitlines()) == (2, [f"{pack}/more.yaml: is a FIFO (named pipe), expected a regular file"])


def test_a_fifo_as_a_test_cases_profile_file_is_refused_at_once(tmp_path):
    pack = small_pack(tmp_path / "p", PHOTO_RULES)
    (pack / "tests").mkdir()
    os.mkfifo(pack / "tests" / "me.yaml")
    (pack / "tests" / "cases.yaml").write_text("cases:\n  - name: fifo\n    profile_file: me.yaml\n    expect: {total: 0}\n", encoding="utf-8")
    done = child("rules", "test", str(pack))
    assert (done.returncode, done.stderr.splitlines()) == (2, [f"{pack}/tests/me.yaml: is a FIFO (named pipe), expected a regular file"])


def test_a_device_as_the_profile_is_refused(tmp_path):
    code, errors, _ = cli("/dev/zero")
    assert (code, errors) == (2, ["/dev/zero: is a character device, expected a regular file"])


def test_a_socket_as_the_profile_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        code, errors, _ = cli(str(path))
    finally:
        server.close()
    assert (code, errors) == (2, [f"{path}: is a socket, expected a regular file"])


def test_editor_leftovers_beside_the_rules_are_not_rule_files(tmp_path):
    pack = small_pack(tmp_path / "p", PHOTO_RULES)
    (pack / ".#rules.yaml").symlink_to("root@host.1234:1700000000")  # Emacs' lock: a dangling symlink
    (pack / "rules.yaml~").write_text("pillar: [broken\n", encoding="utf-8")
    (pack / ".rules.yaml.swp").write_bytes(b"b0VIM 9.0\x00\x00\x00")
    (pack / "#rules.yaml#").write_text("not: [yaml\n", encoding="utf-8")
    (pack / "._rules.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (pack / "old.yaml").symlink_to(tmp_path / "gone.yaml")
    assert [m.id for m in load_pack(pack).measures] == ["brand.photo"]
    code, _, out = cli("rules", "check", str(pack))
    assert code == 0 and "0 error(s)" in out.splitlines()[-1] or out.splitlines()[-1] == f"{pack}: no problems"


def test_editor_leftovers_beside_the_test_cases_are_skipped(tmp_path):
    pack = small_pack(tmp_path / "p", PHOTO_RULES)
    (pack / "tests").mkdir()
    (pack / "tests" / "cases.yaml").write_text("cases:\n  - name: empty\n    profile: {}\n    expect: {total: 0}\n", encoding="utf-8")
    (pack / "tests" / "cases.yaml~").write_text("cases: [broken\n", encoding="utf-8")
    (pack / "tests" / ".#cases.yaml").symlink_to("root@host.1:2")
    (pack / "tests" / "._cases.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")  # macOS AppleDouble
    code, errors, out = cli("rules", "test", str(pack))
    assert code == 0 and out.splitlines()[-1] == "1 passed, 0 failed"


def _pack_with_profile_file(tmp_path: Path, written: str) -> Path:
    pack = small_pack(tmp_path / "p", PHOTO_RULES)
    (pack / "tests").mkdir()
    (pack / "tests" / "cases.yaml").write_text(
        f"cases:\n  - name: reach\n    profile_file: {written}\n    expect: {{total: 0}}\n", encoding="utf-8")
    return pack


def test_a_test_case_cannot_read_etc_passwd(tmp_path):
    pack = _pack_with_profile_file(tmp_path, "/etc/passwd")
    code, errors, _ = cli("rules", "test", str(pack))
    assert (code, errors) == (2, [f"{pack}/tests/cases.yaml:3:5: cases[0].profile_file: '/etc/passwd' is outside the pack folder; "
                                  "a test's profile_file must be a file inside the pack"])


def test_a_test_case_cannot_climb_out_of_the_pack(tmp_path):
    (tmp_path / "secret.yaml").write_text("name: secret\n", encoding="utf-8")
    pack = _pack_with_profile_file(tmp_path, "../../secret.yaml")
    code, errors, _ = cli("rules", "test", str(pack))
    assert (code, errors) == (2, [f"{pack}/tests/cases.yaml:3:5: cases[0].profile_file: '../../secret.yaml' is outside the pack folder; "
                                  "a test's profile_file must be a file inside the pack"])


def test_a_symlink_inside_the_pack_cannot_lead_out_of_it(tmp_path):
    (tmp_path / "secret.yaml").write_text("name: secret\n", encoding="utf-8")
    pack = _pack_with_profile_file(tmp_path, "../profiles/me.yaml")
    (pack / "profiles").mkdir()
    (pack / "profiles" / "me.yaml").symlink_to(tmp_path / "secret.yaml")
    code, errors, _ = cli("rules", "test", str(pack))
    assert (code, errors) == (2, [f"{pack}/tests/cases.yaml:3:5: cases[0].profile_file: '../profiles/me.yaml' is outside the pack folder; "
                                  "a test's profile_file must be a file inside the pack"])


def test_a_profile_name_too_long_for_the_file_system(tmp_path):
    path = tmp_path / LONG_NAME
    code, errors, _ = cli(str(path))
    assert (code, errors) == (2, [f"{path}: cannot be read: the name is too long"])


def test_a_profile_path_through_a_file(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, errors, _ = cli(str(tmp_path / "afile" / "me.yaml"))
    assert (code, errors) == (2, [f"{tmp_path}/afile/me.yaml: cannot be read: {tmp_path}/afile is not a folder"])


def test_a_pack_folder_name_too_long_for_the_file_system(tmp_path):
    path = tmp_path / LONG_NAME
    code, errors, _ = cli(GOOD_PROFILE, "--rules", str(path))
    assert (code, errors) == (2, [f"{path}: the name is too long"])


def test_an_unreadable_pack_folder(tmp_path, monkeypatch):
    pack = small_pack(tmp_path / "p", PHOTO_RULES)

    def refuse(path):  # root reads any folder, so the refusal is simulated
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    monkeypatch.setattr(os, "scandir", refuse)
    with pytest.raises(InputError) as raised:
        load_pack(pack)
    assert raised.value.lines() == [f"{pack}: cannot be read: permission denied"]


def test_a_closed_standard_input(tmp_path):
    done = child("-", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert (done.returncode, done.stderr.splitlines()) == (2, ["<stdin>: cannot be read: standard input is closed"])


def test_rules_init_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, errors, _ = cli("rules", "init", str(tmp_path / "afile" / "sub"))
    assert (code, errors) == (2, [f"{tmp_path}/afile/sub: cannot create the pack folder: {tmp_path}/afile is not a folder"])


# -- nothing the user owns is overwritten -----------------------------------------------------

def test_the_report_goes_through_a_fifo_which_stays_a_fifo(tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        code, errors, _ = cli(GOOD_PROFILE, "--format", "json", "-o", str(fifo))
        received = reader.communicate(timeout=TIMEOUT)[0]
    finally:
        reader.kill()
    assert (code, errors) == (0, [])
    assert json.loads(received)["estimate"] is True
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_the_report_replaces_a_symlinks_target_not_the_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(link))
    assert (code, errors) == (0, [])
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("Social Selling Index")


def private_device(folder: Path, name: str, minor: int) -> Path:
    """A character device node of our own (1, minor: 3 null, 7 full), so that a regression
    replaces a node in tmp, never the machine's /dev/null."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_the_report_into_a_link_to_a_null_device_leaves_both_alone(tmp_path):
    device = private_device(tmp_path, "null", 3)
    link = tmp_path / "out"
    link.symlink_to(device)
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(link))
    assert (code, errors) == (0, [])
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(device).st_mode)


def test_the_report_onto_a_null_device_leaves_it_a_device(tmp_path):
    device = private_device(tmp_path, "null", 3)
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(device))
    assert (code, errors) == (0, [])
    assert stat.S_ISCHR(os.lstat(device).st_mode) and sorted(os.listdir(tmp_path)) == ["null"]


def test_a_full_device_is_one_line(tmp_path):
    device = private_device(tmp_path, "full", 7)
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(device))
    assert (code, errors) == (2, [f"{device}: cannot write the report: No space left on device"])
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_new_report_gets_0666_less_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        code, _, _ = cli(GOOD_PROFILE, "-o", str(tmp_path / "r.txt"))
    finally:
        os.umask(previous)
    assert code == 0 and stat.S_IMODE(os.stat(tmp_path / "r.txt").st_mode) == 0o640


def test_an_overwritten_report_keeps_its_mode(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    code, _, _ = cli(GOOD_PROFILE, "-o", str(target))
    assert code == 0 and stat.S_IMODE(os.stat(target).st_mode) == 0o604
    assert target.read_text(encoding="utf-8").startswith("Social Selling Index")


def test_rules_init_files_get_0666_less_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        code, _, _ = cli("rules", "init", str(tmp_path / "pack"))
    finally:
        os.umask(previous)
    assert code == 0
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "pack").rglob("*.yaml")} == {0o644}


def test_a_report_path_through_a_file(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(tmp_path / "afile" / "x"))
    assert (code, errors) == (2, [f"{tmp_path}/afile/x: cannot write here: {tmp_path}/afile is not a folder"])


def test_a_report_name_too_long_for_the_file_system(tmp_path):
    path = tmp_path / LONG_NAME
    code, errors, _ = cli(GOOD_PROFILE, "-o", str(path))
    assert (code, errors) == (2, [f"{path}: cannot write here: the name is too long"])


def test_a_full_disk_leaves_the_old_report_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("old\n", encoding="utf-8")

    def full(handle, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # Written with writev where the system has it, with write elsewhere: both fail.
    monkeypatch.setattr(files_module.os, "write", full)
    monkeypatch.setattr(files_module.os, "writev", full, raising=False)
    with pytest.raises(InputError) as raised:
        write_atomic(target, "new report\n")
    assert raised.value.lines() == [f"{target}: cannot write the report: No space left on device"]
    assert target.read_text(encoding="utf-8") == "old\n" and sorted(os.listdir(tmp_path)) == ["r.txt"]


def test_standard_output_on_a_full_device(monkeypatch):
    from ssi_advise.engine.files import write_stdout

    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        with pytest.raises(InputError) as raised:
            write_stdout("a report\n" * 1000)
    assert raised.value.lines() == ["cannot write the report: No space left on device"]


def test_standard_output_closed(monkeypatch):
    from ssi_advise.engine.files import write_stdout

    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(InputError) as raised:
        write_stdout("a report\n")
    assert raised.value.lines() == ["cannot write the report: standard output is closed"]
