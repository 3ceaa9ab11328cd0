"""Running the test cases kept beside a pack (PACK/tests/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .case_checks import Failure, compare, expectation_problems
from .compiler import compile_pack
from .custom_facts import check_profile_facts
from .documents import Document, dotted, load_document
from .evaluate import evaluate
from .files import converts_os_errors
from .layers import display_name
from .model import Pack
from .pack_files import yaml_files
from .problems import InputError, Problem, raise_if_errors
from .profile import Profile, held_for_pack, load_profile
from .schemas import show, validate


@dataclass
class CaseResult:
    name: str
    place: str
    failures: list[Failure] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)  # expected against found, for the failed keys

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class _Case:
    name: str
    place: str
    profile: Profile
    language: str | None
    expect: dict[str, Any]


TESTS_FOLDER = "tests"


def tests_folder(pack: Pack) -> Path:
    """Where a pack keeps its test cases: the `tests` folder beside its rule files."""
    return Path(pack.root) / TESTS_FOLDER


def test_files(pack: Pack) -> list[Path]:
    """The pack's test files, in name order."""
    folder = tests_folder(pack)
    return yaml_files(folder) if folder.is_dir() else []


@converts_os_errors
def load_cases(pack: Pack) -> list[_Case]:
    """Every case of the pack's test files, validated; InputError naming file and line."""
    cases: list[_Case] = []
    problems: list[Problem] = []
    for path in test_files(pack):
        document = load_document(path)
        document.name = display_name(Path(pack.root), path)
        found = validate(document, "tests")
        if found:
            problems += found
            continue
        for index, raw in enumerate(document.data["cases"]):
            line = document.locate(("cases", index))[0]
            place = f"{document.name}:{line}"
            if "profile" in raw:
                # Values of the pack's own facts are worded by check_profile_facts below.
                within = dotted(("cases", index, "profile"))
                profile_problems = [p for p in validate(document, "profile", raw["profile"], ("cases", index, "profile"))
                                    if not held_for_pack(p, within)]
                if profile_problems:
                    problems += profile_problems
                    continue
                profile = Profile(raw["profile"], place)
            else:
                try:
                    profile = load_profile(_inside_pack(pack, path, document, index))
                except InputError as error:
                    problems += error.problems
                    continue
            inline = "profile" in raw
            problems += check_profile_facts(profile.data, pack, document if inline else profile.document,
                                            ("cases", index, "profile") if inline else (), profile.source)
            problems += expectation_problems(document, index, raw["expect"], pack)
            cases.append(_Case(raw["name"], place, profile, raw.get("language"), raw["expect"]))
    raise_if_errors(problems)
    return cases


def _inside_pack(pack: Pack, test_file: Path, document: Document, index: int) -> Path:
    """The case's profile_file, which must lie inside the pack's folder (symlinks followed).

    A pack comes from someone else: its tests must not read /etc/passwd or ../secret.yaml
    and echo a line of it in an error.
    """
    written = document.data["cases"][index]["profile_file"]
    target = test_file.parent / written
    root = Path(pack.root).resolve()
    try:
        inside = target.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise InputError([document.problem(
            f"{show(written)} is outside the pack folder; a test's profile_file must be a file inside the pack",
            ("cases", index, "profile_file"),
        )])
    return target


def run_pack_tests(pack: Pack) -> list[CaseResult]:
    """Evaluate every case with the pack and compare with what it expects."""
    cases = load_cases(pack)
    if not cases:
        return []
    compiled = compile_pack(pack)
    results = []
    try:
        for case in cases:
            language = case.language or case.profile.data.get("language") or pack.languages[0]
            pack.texts.require(language)
            report = evaluate(case.profile, compiled)
            results.append(CaseResult(case.name, case.place, *compare(case.expect, report)))
    finally:
        compiled.close()
    return results
