"""The archive read into facts: exactly the expected ones for a realistic export, the right
gaps for Basic and 2018 archives, row problems at their line, and counts only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import export_builder
import pytest
import yaml

from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict
from ssi_advise.engine.problems import InputError
from ssi_advise.importers import merge_base, read_linkedin_archive, write_profile_yaml
from ssi_advise.importers.profile_yaml import profile_yaml


def test_realistic_archive_yields_exactly_the_expected_facts(realistic_zip: Path) -> None:
    result = read_linkedin_archive(realistic_zip)
    assert result.facts == export_builder.REALISTIC_FACTS
    assert result.export_date == date(2026, 4, 6)
    assert result.export_date_source == "the archive's name"
    assert result.notes == [] and result.reasons == {}
    assert result.sources["insights.posts_per_week"] == "Shares_123456.csv (rows in the 12 weeks before 2026-04-06)"
    assert result.sources["relationships.internal_connections"] == "Connections.csv + Positions.csv (Company = current employer)"


def test_unpacked_folder_gives_the_same_facts(tmp_path: Path) -> None:
    folder = export_builder.write_folder(tmp_path / "Complete_LinkedInDataExport_04-06-2026", export_builder.realistic_files())
    assert read_linkedin_archive(folder).facts == export_builder.REALISTIC_FACTS


def test_export_date_from_the_newest_date_inside_when_the_name_has_none(tmp_path: Path) -> None:
    archive = export_builder.write_zip(tmp_path / "my-linkedin.zip", export_builder.realistic_files())
    result = read_linkedin_archive(archive)
    # the export day itself holds activity (left out of the rates), so it is the newest date
    assert (result.export_date, result.export_date_source) == (date(2026, 4, 6), "the newest date inside the archive")
    assert result.facts == export_builder.REALISTIC_FACTS


def test_as_of_moves_the_window_and_says_it_replaced_the_name(realistic_zip: Path) -> None:
    result = read_linkedin_archive(realistic_zip, as_of=date(2026, 2, 23))
    assert result.export_date_source == "--as-of"
    assert result.notes == ["export date: --as-of 2026-02-23 replaces 2026-04-06 from the archive's name"]
    # the window is now 2025-12-01 to 2026-02-22: the 24 posts of its last 42 days and the one of 2026-01-11
    assert result.facts["insights"]["posts_per_week"] == round(25 / 12, 2)
    assert result.facts["people"]["days_active_per_week"] == round(43 / 12, 2)


def test_basic_archive_leaves_activity_missing_and_says_why(tmp_path: Path) -> None:
    archive = export_builder.write_zip(tmp_path / "Basic_LinkedInDataExport_04-06-2026.zip", export_builder.basic_files())
    result = read_linkedin_archive(archive)
    assert result.facts["relationships"] == {
        "connections": 400,
        "senior_connections": 40,
        "internal_connections": 16,
        "invitation_acceptance_rate": 0.6,
        "invitation_note_rate": 0.75,
    }
    assert result.facts["insights"] == {"messages_sent_per_week": 2.5}
    # from invitations (first 20 days) and messages (first 30 days) only: a lower bound
    assert result.facts["people"] == {"days_active_per_week": 2.5}
    assert result.reasons["insights.posts_per_week"] == "Shares.csv is not in this archive (the complete archive has it)"
    assert result.reasons["brand.endorsements"] == "Endorsement_Received_Info.csv is not in this archive (the complete archive has it)"
    assert "insights.posts_per_week: Shares.csv is not in this archive (the complete archive has it)" in result.where_to_find()


def test_complete_archive_without_a_file_means_none(tmp_path: Path) -> None:
    files = export_builder.realistic_files()
    del files["Comments.csv"], files["Recommendations_Given.csv"]
    result = read_linkedin_archive(export_builder.write_zip(tmp_path / "Complete_LinkedInDataExport_04-06-2026.zip", files))
    assert result.facts["insights"]["comments_given_per_week"] == 0.0
    assert result.facts["brand"]["recommendations_given"] == 0
    assert result.sources["brand.recommendations_given"] == "no Recommendations_Given.csv in the archive (LinkedIn leaves out empty files)"


def test_2018_archive_without_preamble_or_urls(tmp_path: Path) -> None:
    folder = export_builder.write_folder(tmp_path / "linkedin-2018", export_builder.files_2018())
    result = read_linkedin_archive(folder)
    assert result.export_date == date(2018, 4, 14)  # the newest invitation
    assert result.facts == {
        "name": "Sanne de Vries",
        "industry": "Sales",
        "brand": {"headline": False, "about": False, "current_position": False, "past_positions": 1},
        "people": {"days_active_per_week": 0.75},  # invitations sent on 9 days before 2018-04-14
        "relationships": {"connections": 400, "senior_connections": 40, "internal_connections": 16, "invitation_note_rate": 0.5},
    }
    assert "relationships.invitation_acceptance_rate" in result.missing()


def test_bad_dates_are_errors_at_their_line_without_the_value(tmp_path: Path) -> None:
    files = export_builder.realistic_files()
    lines = files["Reactions.csv"].split("\n")
    lines[3] = "gestern," + lines[3].split(",", 1)[1]
    lines[5] = "," + lines[5].split(",", 1)[1]
    files["Reactions.csv"] = "\n".join(lines)
    with pytest.raises(InputError) as caught:
        read_linkedin_archive(export_builder.write_zip(tmp_path / "Complete_LinkedInDataExport_04-06-2026.zip", files))
    assert str(caught.value) == (
        "Reactions.csv:4: Date: not a date in a format LinkedIn writes (e.g. 2026-04-06 21:12:29, 06 Apr 2026, 4/6/26, 2:12 PM)\n"
        "Reactions.csv:6: Date: empty"
    )


def test_a_missing_column_is_an_error_listing_expected_and_found(tmp_path: Path) -> None:
    files = export_builder.realistic_files()
    files["Connections.csv"] = files["Connections.csv"].replace(",Position,", ",Job,")
    with pytest.raises(InputError) as caught:
        read_linkedin_archive(export_builder.write_zip(tmp_path / "Complete_LinkedInDataExport_04-06-2026.zip", files))
    assert str(caught.value) == (
        "Connections.csv:4: the header lacks the column Position; expected First Name, Last Name, Company, Position, Connected On; "
        "found First Name, Last Name, URL, Email Address, Company, Job, Connected On"
    )


def test_the_profile_holds_counts_only(tmp_path: Path, realistic_zip: Path) -> None:
    text = profile_yaml(read_linkedin_archive(realistic_zip))
    for private in ("First1", "Last1", "@example.com", "person-1", "Peer", "Invitee", "Sales Day", "Great point", "Post 3", "E1", "Hidden"):
        assert private not in text
    assert not re.search(r"https?://", text)


def test_written_yaml_names_each_fact_s_file_and_validates(tmp_path: Path, realistic_zip: Path) -> None:
    target = tmp_path / "me.yaml"
    write_profile_yaml(read_linkedin_archive(realistic_zip), target)
    text = target.read_text()
    assert "  connections: 400  # Connections.csv\n" in text
    assert "  endorsements: 37  # Endorsement_Received_Info.csv\n" in text
    assert (
        "  days_active_per_week: 3.5  # Shares_123456.csv, Comments.csv, Reactions.csv, SearchQueries.csv, Invitations.csv, messages.csv"
        in text
    )
    assert "#   brand.photo: your profile page: is a photo shown?\n" in text
    assert yaml.safe_load(text) == export_builder.REALISTIC_FACTS


def test_never_writes_over_the_archive(realistic_zip: Path) -> None:
    before = realistic_zip.read_bytes()
    with pytest.raises(InputError) as caught:
        write_profile_yaml(read_linkedin_archive(realistic_zip), realistic_zip)
    assert str(caught.value) == f"{realistic_zip}: is one of the input files; refusing to overwrite it"
    assert realistic_zip.read_bytes() == before


def test_base_fills_gaps_and_archive_replaces_stale_values(realistic_zip: Path) -> None:
    base = {"language": "nl", "brand": {"photo": True, "skills": 3}, "people": {"profile_views_per_week": 40}, "ssi": {"brand": 12.5}}
    merged = merge_base(read_linkedin_archive(realistic_zip).facts, base)
    assert merged["brand"]["photo"] is True and merged["brand"]["skills"] == 17
    assert merged["people"] == {"profile_views_per_week": 40, "searches_per_week": 1.5, "days_active_per_week": 3.5}
    assert merged["language"] == "nl" and merged["ssi"] == {"brand": 12.5}
    assert base == {
        "language": "nl",
        "brand": {"photo": True, "skills": 3},
        "people": {"profile_views_per_week": 40},
        "ssi": {"brand": 12.5},
    }


def test_the_imported_profile_gives_a_report(realistic_zip: Path) -> None:
    facts = merge_base(read_linkedin_archive(realistic_zip).facts, {"brand": {"photo": True}})
    compiled = compile_pack(load_pack())
    try:
        report = evaluate(profile_from_dict(facts, "imported"), compiled)
    finally:
        compiled.close()
    assert 0 < report.total <= 100
    assert report.actions


def test_own_seniority_words(tmp_path: Path, realistic_zip: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text("senior_titles: [ceo]\nlegal_suffixes: [b.v.]\n")
    result = read_linkedin_archive(realistic_zip, seniority=words)
    assert result.facts["relationships"]["senior_connections"] == 8  # "CEO" and "Founder & CEO"
    assert result.facts["relationships"]["internal_connections"] == 8  # "Contoso BV" and "Contoso, Inc." no longer match


def test_malformed_seniority_file_is_placed(tmp_path: Path, realistic_zip: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text("senior_titles:\n  en: ceo\nextra: 1\n")
    with pytest.raises(InputError) as caught:
        read_linkedin_archive(realistic_zip, seniority=words)
    assert str(caught.value) == (
        f"{words}:2:3: senior_titles.en: must be a list of words or phrases (text)\n"
        f"{words}:3:1: extra: unknown key; expected senior_titles, not_senior or legal_suffixes"
    )
