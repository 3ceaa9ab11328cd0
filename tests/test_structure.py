"""The shape of the code base: one-way imports, small modules, a library without the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from conftest import REPO

PACKAGES = [p for p in ("engine", "cli", "reports", "importers", "batch") if (REPO / p).is_dir()]
MAX_LINES = 300


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name under ssi_advise."""
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that `name` imports at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = (node.module or "").removeprefix("ssi_advise.")
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name.removeprefix("ssi_advise.") for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c in known and c != name}
    return found


def test_importing_the_engine_imports_neither_click_nor_rich():
    code = "import sys, ssi_advise.engine; print(sorted({'rich', 'click'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_longer_than_300_lines(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by job"


def test_no_import_cycle_between_the_packages_modules():
    found = modules()
    # A package's __init__ re-exports its modules; it is the front door, not part of a cycle.
    graph = {name: imports_of(name, path, set(found)) - {n for n in found if found[n].name == "__init__.py"}
             for name, path in found.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' → '.join(error.args[1])}")


def test_the_engine_never_imports_the_cli_or_the_renderers():
    found = modules()
    for name, path in found.items():
        if name.startswith("engine"):
            assert not {i for i in imports_of(name, path, set(found)) if i.startswith(("cli", "reports"))}, name


def test_python_dash_m_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "ssi_advise", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ssi-advise, version ")


def test_the_readme_persona_table_is_the_one_the_pack_makes(default_compiled):
    sys.path.insert(0, str(REPO / "tests" / "golden"))
    import regenerate

    assert (REPO / "README.md").read_text(encoding="utf-8") == regenerate.readme_with_table(default_compiled), (
        "run: python tests/golden/regenerate.py"
    )
