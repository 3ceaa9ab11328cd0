"""Importers: LinkedIn's data export and the SSI page's numbers, read into a profile fact set.

Library use::

    from ssi_advise.importers import read_linkedin_archive, write_profile_yaml
    result = read_linkedin_archive("Complete_LinkedInDataExport_04-06-2026.zip")
    write_profile_yaml(result, "me.yaml")
"""

from __future__ import annotations

from pathlib import Path

from ssi_advise.engine.profile import Profile, profile_from_dict

from .archive import is_linkedin_archive
from .linkedin import read_linkedin_archive
from .profile_yaml import profile_yaml, write_profile_yaml
from .result import ImportResult, merge_base
from .ssi_page import read_ssi_page

__all__ = [
    "ImportResult",
    "profile_from_archive",
    "is_linkedin_archive",
    "merge_base",
    "profile_yaml",
    "read_linkedin_archive",
    "read_ssi_page",
    "write_profile_yaml",
]


def profile_from_archive(source: str | Path) -> Profile:
    """The profile a LinkedIn export gives, validated like a hand-written one (`ssi-advise ARCHIVE`)."""
    result = read_linkedin_archive(source)
    return profile_from_dict(result.facts, name=str(source))
