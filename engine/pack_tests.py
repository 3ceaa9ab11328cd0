"""Running the test cases kept beside a pack (PACK/tests/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compiler import compile_pack
from .documents import Document, load_document
from .evaluate import evaluate
from .files import converts_os_errors
from .layers import display_name
from .model import Pack
from .packfiles import rule_file_candidates
from .problems import InputError, Problem, raise_if_errors
from .profile import Profile, load_profile
from .schemas import show, validate


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold."""

    what: str
    expected: Any
    actual: Any


@dataclass
class CaseResult:
    name: str
    place: str
    failures: list[Failure] = field(default_factory=list)

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
    return rule_file_candidates(folder) if folder.is_dir() else []


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
                profile_problems = validate(document, "profile", raw["profile"], ("cases", index, "profile"))
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
            results.append(CaseResult(case.name, case.place, _compare(case.expect, report)))
    finally:
        compiled.close()
    return results


def _compare(expect: dict[str, Any], report: Any) -> list[Failure]:
    failures = []
    ids = [action.id for action in report.actions]
    if "total" in expect and abs(report.total - expect["total"]) > 1e-9:
        failures.append(Failure("total", expect["total"], report.total))
    for pillar, score in expect.get("pillars", {}).items():
        if abs(report.pillars[pillar].score - score) > 1e-9:
            failures.append(Failure(f"pillar {pillar}", score, report.pillars[pillar].score))
    missing = [a for a in expect.get("actions", []) if a not in ids]
    if missing:
        failures.append(Failure("actions present", missing, f"not in the plan; the plan has {len(ids)} actions"))
    unwanted = [a for a in expect.get("not_actions", []) if a in ids]
    if unwanted:
        failures.append(Failure("actions absent", f"none of {unwanted}", f"{unwanted} in the plan"))
    first = expect.get("first_actions")
    if first and ids[: len(first)] != first:
        failures.append(Failure(f"first {len(first)} actions", first, ids[: len(first)]))
    return failures
