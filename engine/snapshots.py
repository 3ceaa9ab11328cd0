"""A snapshot of a member at one time: a profile file, or a JSON report made from one earlier.

`compare` accepts either, so a coach can keep last month's JSON report and compare it with
today's profile. The two cannot be confused: a profile has no `pillars` or `actions` field.
"""

from __future__ import annotations

from pathlib import Path

from .documents import load_document
from .model import Pack
from .problems import InputError, raise_if_errors
from .profile import Profile, profile_from_document
from .report import Report
from .schemas import validate

REPORT_FIELDS = ("pillars", "actions")


def read_snapshot(source: str | Path, pack: Pack | None = None) -> Profile | Report:
    """A validated profile (its `pack`'s own facts checked too), or a report read back from its
    JSON form; InputError naming the place."""
    document = load_document(source)
    if isinstance(document.data, dict) and all(key in document.data for key in REPORT_FIELDS):
        raise_if_errors(validate(document, "report"))
        try:
            return Report.from_dict(document.data)
        except (KeyError, TypeError) as error:  # the schema should have caught it; say where anyway
            raise InputError([document.problem(f"not a report this version can read: {error}")]) from None
    return profile_from_document(document, pack=pack)
