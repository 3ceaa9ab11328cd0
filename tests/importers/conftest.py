"""Fixtures for the importer tests: exports built by code, and the shared sample files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))  # export_builder; appended, so `conftest` still means tests/conftest.py

import export_builder  # noqa: E402


@pytest.fixture
def realistic_zip(tmp_path: Path) -> Path:
    return export_builder.write_zip(tmp_path / "Complete_LinkedInDataExport_04-06-2026.zip", export_builder.realistic_files())
