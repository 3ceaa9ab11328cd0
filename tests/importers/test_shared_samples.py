"""Against the sample files from public projects in ../shared/data (skipped when absent;
never copied into this repository)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_builder import SHARED_DATA

from ssi_advise.engine import profile_from_dict
from ssi_advise.importers import (
    is_linkedin_archive,
    read_linkedin_archive,
    read_ssi_page,
)
from ssi_advise.importers.profile_yaml import checked_profile_yaml

EXPORTS = SHARED_DATA / "linkedin-export-samples"
SSI_SAMPLES = SHARED_DATA / "ssi-samples"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared sample data not present: {path}")
    return path


def test_silkyrich_sample_zip() -> None:
    archive = need(EXPORTS / "silkyrich__linkedin-export-viewer" / "sample_export.zip")
    assert is_linkedin_archive(archive)
    result = read_linkedin_archive(archive)
    facts = result.facts
    # the fixture's counts, checked by hand against its CSV files
    assert facts["relationships"]["connections"] == 2000
    assert facts["brand"]["skills"] == 60 and facts["brand"]["education"] == 2 and facts["brand"]["articles"] == 5
    assert facts["brand"]["endorsements"] == 700 and facts["brand"]["recommendations_received"] == 27
    assert facts["insights"]["company_pages_followed"] == 52
    assert facts["brand"]["past_positions"] == 11 and facts["brand"]["current_position"] is False
    # its dates are Victorian (1833-1853): the export date is the newest of them
    assert result.export_date_source == "the newest date inside the archive"
    profile_from_dict(facts)
    checked_profile_yaml(result)


def test_silkyrich_sample_folder_matches_where_the_files_are_the_same() -> None:
    folder = need(EXPORTS / "silkyrich__linkedin-export-viewer")
    zipped = read_linkedin_archive(folder / "sample_export.zip").facts
    unpacked = read_linkedin_archive(folder).facts  # the folder lacks messages.csv and the Articles folder
    for section in ("brand", "insights", "relationships"):
        for fact in ("connections", "senior_connections", "skills", "endorsements", "company_pages_followed", "invitation_note_rate"):
            if fact in zipped.get(section, {}):
                assert unpacked[section][fact] == zipped[section][fact]


def test_tekjobs_sample_folder() -> None:
    folder = need(EXPORTS / "Timurtek__tekjobs")
    result = read_linkedin_archive(folder)
    assert result.facts["relationships"] == {"connections": 4, "senior_connections": 0}
    assert result.facts["insights"] == {"messages_sent_per_week": 0.08}
    assert result.facts["brand"] == {"headline": True, "about": False}
    profile_from_dict(result.facts)


@pytest.mark.parametrize("name", ["salesApiSsi.minimal.example.json", "salesApiSsi.with-group-pillars.example.json"])
def test_composed_ssi_samples(name: str) -> None:
    section = read_ssi_page(need(SSI_SAMPLES / "_composed_example" / name))
    # the 2026-05-19 reading of professorsoares/linkedin-ssi-data
    assert section == {
        "brand": 20.998,
        "people": 6.4,
        "insights": 10.25,
        "relationships": 15.0,
        "industry_rank_percent": 9.0,
        "industry_average": 34.0,
        "network_rank_percent": 11.0,
        "network_average": 36.0,
    }
    profile_from_dict({"ssi": section})
