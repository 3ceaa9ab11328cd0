"""Importers: LinkedIn's data export and the SSI page's numbers, read into a profile fact set.

Library use::

    from ssi_advise.importers import read_linkedin_archive, write_profile_yaml
    result = read_linkedin_archive("Complete_LinkedInDataExport_04-06-2026.zip")
    write_profile_yaml(result, "me.yaml")
"""

from __future__ import annotations

from .archive import is_linkedin_archive
from .linkedin import read_linkedin_archive
from .profile_yaml import profile_yaml, write_profile_yaml
from .result import ImportResult, merge_base
from .ssi_page import read_ssi_page

__all__ = [
    "ImportResult",
    "is_linkedin_archive",
    "merge_base",
    "profile_yaml",
    "read_linkedin_archive",
    "read_ssi_page",
    "write_profile_yaml",
]
