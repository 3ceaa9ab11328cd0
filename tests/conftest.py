"""Shared fixtures: the compiled built-in pack, and small packs written into tmp folders."""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path
from collections.abc import Callable, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/reference.py and tests/strategies.py

from ssi_advise.engine import CompiledPack, compile_pack, load_pack  # noqa: E402

# The kept built-in pack (engine/pack_cache.py) goes to a folder of this test run, also for
# the commands tests start as processes, never to the user's own cache.
os.environ.setdefault("SSI_ADVISE_CACHE_DIR", tempfile.mkdtemp(prefix="ssi-advise-test-cache-"))

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"

PACK_YAML = """\
pack: test
version: "0.1"
languages: [en, nl]
pillars:
  brand: {title: {en: Brand, nl: Merk}}
  people: {title: {en: People, nl: Mensen}}
  insights: {title: {en: Insights, nl: Inzichten}}
  relationships: {title: {en: Relationships, nl: Relaties}}
"""


@pytest.fixture(scope="session")
def default_compiled() -> Iterator[CompiledPack]:
    compiled = compile_pack(load_pack())
    yield compiled
    compiled.close()


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write text files (names may hold sub-folders) into `folder`, created when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[..., Path]:
    """Write a pack folder: pack.yaml (default test header) plus rule files given as text."""

    def write(files: dict[str, str], pack_yaml: str = PACK_YAML, name: str = "pack") -> Path:
        root = tmp_path / name
        root.mkdir()
        (root / "pack.yaml").write_text(textwrap.dedent(pack_yaml), encoding="utf-8")
        for filename, text in files.items():
            (root / filename).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


# Test kinds, told apart without editing each module: end-to-end tests go through the command
# line (CliRunner or a real process); slow ones generate hundreds of inputs. `pytest -m "not
# slow"` is the quick loop; CI runs everything.
END_TO_END_MODULES = {
    "test_cli", "test_cli_completion", "test_cli_rules", "test_cli_reference", "test_outputs", "test_coaches_walkthrough", "test_hostile", "test_installed_command", "test_python313",
}
SLOW_TESTS = {"test_five_thousand_profiles_in_one_process_do_not_exhaust_the_state_pool", "test_every_operator_and_negation_agrees_with_plain_logic"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in END_TO_END_MODULES:
            item.add_marker(pytest.mark.e2e)
        else:
            item.add_marker(pytest.mark.unit)
        test = getattr(item, "obj", None)
        # Every hypothesis test runs hundreds of generated examples.
        if getattr(test, "is_hypothesis_test", False) or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
