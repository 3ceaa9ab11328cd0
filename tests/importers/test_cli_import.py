"""`ssi-advise import linkedin|ssi`: files written, one summary line, exit 2 with one line on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import export_builder
import yaml
from click.testing import CliRunner

from ssi_advise.cli.importing import import_group

SSI = {"memberScore": {"subScores": [{"pillar": "PROFESSIONAL_BRAND", "score": 20.5}, {"pillar": "STRONG_RELATIONSHIP", "score": 15}]}}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(import_group, list(args))


def test_linkedin_writes_the_profile_and_summarises_on_stderr(tmp_path: Path, realistic_zip: Path) -> None:
    target = tmp_path / "me.yaml"
    result = run("linkedin", str(realistic_zip), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(target.read_text()) == export_builder.REALISTIC_FACTS
    assert result.stdout == ""
    assert result.stderr == (
        f"imported 25 facts into {target} (export date 2026-04-06); still missing: situation, sells_to_clients, brand.photo, "
        "brand.cover_photo, brand.industry_location, brand.followers, "
        "people.views_network_per_week, people.views_prospects_per_week, people.advanced_searches_per_week, people.profile_views_per_week, "
        "people.leads_saved, insights.groups, insights.interactions_received_per_week, "
        "insights.inmail_response_rate, insights.accounts_saved, ssi\n"
    )


def test_linkedin_with_base_and_then_ssi(tmp_path: Path, realistic_zip: Path) -> None:
    base = tmp_path / "manual.yaml"
    base.write_text("brand:\n  photo: true\n  skills: 2\npeople:\n  profile_views_per_week: 30\n")
    imported = tmp_path / "me.yaml"
    assert run("linkedin", str(realistic_zip), "-o", str(imported), "--base", str(base)).exit_code == 0
    text = imported.read_text()
    assert f"  photo: true  # {base} (--base)\n" in text
    assert "  skills: 17  # Skills.csv\n" in text
    page = tmp_path / "ssi.json"
    page.write_text(json.dumps(SSI))
    final = tmp_path / "me-ssi.yaml"
    result = run("ssi", str(page), "--base", str(imported), "-o", str(final))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(final.read_text())
    assert data["ssi"] == {"brand": 20.5, "relationships": 15.0}
    assert data["brand"]["photo"] is True and data["relationships"]["connections"] == 400
    assert "  brand: 20.5  # ssi.json (SSI page)\n" in final.read_text()


def test_stdout_when_no_output_given(tmp_path: Path) -> None:
    page = tmp_path / "ssi.json"
    page.write_text(json.dumps(SSI))
    result = run("ssi", str(page))
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout) == {"ssi": {"brand": 20.5, "relationships": 15.0}}


def test_corrupt_zip_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "Complete_LinkedInDataExport_04-06-2026.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = run("linkedin", str(broken), "-o", str(tmp_path / "me.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"{broken}: not a ZIP archive, or a damaged one (LinkedIn's export is a .zip file; download it again)\n"
    assert not (tmp_path / "me.yaml").exists()


def test_refuses_to_write_over_the_base(tmp_path: Path, realistic_zip: Path) -> None:
    base = tmp_path / "me.yaml"
    base.write_text("brand:\n  photo: true\n")
    result = run("linkedin", str(realistic_zip), "--base", str(base), "-o", str(base))
    assert result.exit_code == 2
    assert result.stderr == f"{base}: is one of the input files; refusing to overwrite it\n"
    assert base.read_text() == "brand:\n  photo: true\n"


def test_bad_as_of(realistic_zip: Path) -> None:
    result = run("linkedin", str(realistic_zip), "--as-of", "06-04-2026")
    assert result.exit_code == 2
    assert result.stderr == "--as-of: expected a date as YYYY-MM-DD, got '06-04-2026'\n"


def test_help_names_both_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "linkedin" in result.stdout and "ssi" in result.stdout


def test_ssi_advise_reports_directly_from_an_export_zip_or_folder(tmp_path: Path, realistic_zip: Path) -> None:
    from ssi_advise.cli.main import main

    result = CliRunner().invoke(main, [str(realistic_zip), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["profile"]["source"] == str(realistic_zip)
    connections = report["pillars"]["relationships"]["measures"][0]
    assert connections["value"] == export_builder.REALISTIC_FACTS["relationships"]["connections"]
    folder = export_builder.write_folder(tmp_path / "Complete_LinkedInDataExport_04-06-2026", export_builder.realistic_files())
    again = CliRunner().invoke(main, [str(folder), "--format", "json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["total"] == report["total"]


def test_a_zip_that_is_no_linkedin_export_is_bad_input(tmp_path: Path) -> None:
    import zipfile

    from ssi_advise.cli.main import main

    other = tmp_path / "holiday.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("photo.txt", "not a csv")
    result = CliRunner().invoke(main, [str(other)])
    assert result.exit_code == 2
    assert result.stderr == f"{other}: not a LinkedIn data export: none of Connections.csv, Profile.csv, Positions.csv is in it\n"


def test_a_control_character_in_the_members_name_is_refused_at_its_csv_row(tmp_path: Path) -> None:
    # An escape code in Profile.csv would reach the terminal in the report's heading.
    from ssi_advise.cli.main import main

    files = export_builder.realistic_files()
    files["Profile.csv"] = files["Profile.csv"].replace("\nSanne,", "\nSan\x1b[31mne,", 1)
    archive = export_builder.write_zip(tmp_path / "export.zip", files)
    expected = "Profile.csv:2: First Name: holds the control character U+001B, which is not allowed in text"
    imported = run("linkedin", str(archive))
    assert (imported.exit_code, imported.stderr.strip()) == (2, expected)
    reported = CliRunner().invoke(main, [str(archive)])
    assert (reported.exit_code, reported.stderr.strip()) == (2, expected)
    assert "\x1b" not in reported.stdout


def test_a_csv_saved_as_utf16_is_named_as_such(tmp_path: Path) -> None:
    files = export_builder.realistic_files()
    archive = export_builder.write_zip(tmp_path / "export.zip", {**files, "Profile.csv": files["Profile.csv"].encode("utf-16")})
    result = run("linkedin", str(archive))
    assert (result.exit_code, result.stderr.strip()) == (2, "Profile.csv: is UTF-16 text; LinkedIn writes UTF-8: save the file as UTF-8 (CSV UTF-8)")
