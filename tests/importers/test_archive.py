"""Opening the export: ZIP read in place or unpacked folder, names found with id suffixes,
unsafe member names ignored, corrupt files and zip bombs refused with one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import export_builder
import pytest

from ssi_advise.engine.problems import InputError
from ssi_advise.importers import archive as archive_module
from ssi_advise.importers.archive import is_linkedin_archive, open_archive


def test_zip_members_found_by_name_with_id_suffix_and_any_case(realistic_zip: Path) -> None:
    with open_archive(realistic_zip) as archive:
        assert archive.find("Shares") == "Shares_123456.csv"
        assert archive.find("connections") == "Connections.csv"
        assert archive.find("Groups") is None
        assert archive.under("Articles", ".html") == [
            "Articles/Articles/2025-11-02_social-selling-basics.html",
            "Articles/Articles/2026-02-01_warm-introductions.html",
        ]
        assert archive.read_text("Skills.csv").startswith("Name\n")


def test_zip_is_not_extracted(realistic_zip: Path) -> None:
    before = sorted(realistic_zip.parent.iterdir())
    with open_archive(realistic_zip) as archive:
        archive.read_text("Connections.csv")
    assert sorted(realistic_zip.parent.iterdir()) == before


def test_folder_and_a_rezipped_top_folder(tmp_path: Path) -> None:
    folder = export_builder.write_folder(tmp_path / "export", {"Profile.csv": "First Name\n", "Jobs/Saved Jobs.csv": "x\n"})
    with open_archive(folder) as archive:
        assert archive.members == ["Jobs/Saved Jobs.csv", "Profile.csv"]
    nested = export_builder.write_zip(tmp_path / "mine.zip", {"Basic_LinkedInDataExport_04-06-2026/Profile.csv": "First Name\n"})
    with open_archive(nested) as archive:
        assert archive.find("Profile") == "Basic_LinkedInDataExport_04-06-2026/Profile.csv"


def test_absolute_and_parent_member_names_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as handle:
        handle.writestr("../Connections.csv", "First Name\n")
        handle.writestr("/etc/Profile.csv", "First Name\n")
        handle.writestr("a/../../Positions.csv", "x\n")
        handle.writestr("C:/Windows/Skills.csv", "x\n")
        handle.writestr("Education.csv", "School Name\n")
    with open_archive(path) as archive:
        assert archive.members == ["Education.csv"]
        assert archive.find("Connections") is None


def test_links_out_of_a_folder_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("x\n")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").symlink_to(secret)
    with pytest.raises(InputError) as caught:
        open_archive(folder)
    assert str(caught.value) == f"{folder}/Connections.csv: is a link leading out of the export folder; an export holds plain files only"


def test_not_a_zip_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("First Name,Last Name\n")
    with pytest.raises(InputError) as caught:
        open_archive(path)
    assert str(caught.value) == f"{path}: not a ZIP archive, or a damaged one (LinkedIn's export is a .zip file; download it again)"


def test_truncated_zip_is_one_line(tmp_path: Path, realistic_zip: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(realistic_zip.read_bytes()[:5000])
    with pytest.raises(InputError) as caught:
        open_archive(broken)
    assert str(caught.value) == f"{broken}: not a ZIP archive, or a damaged one (LinkedIn's export is a .zip file; download it again)"


def test_damaged_member_names_the_member(tmp_path: Path) -> None:
    path = export_builder.write_zip(tmp_path / "export.zip", {"Skills.csv": "Name\n" + "Selling\n" * 50}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.index(b"Selling")
    data[at] = ord("X")  # the stored bytes no longer match their CRC
    path.write_bytes(bytes(data))
    with open_archive(path) as archive, pytest.raises(InputError) as caught:
        archive.read_text("Skills.csv")
    assert str(caught.value) == "Skills.csv: damaged archive member (Bad CRC-32 for file 'Skills.csv')"


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    bomb = export_builder.write_zip(tmp_path / "bomb.zip", {"Connections.csv": "0" * (4 * 1024 * 1024)})
    with pytest.raises(InputError) as caught:
        open_archive(bomb)
    message = str(caught.value)
    assert message.startswith(f"{bomb}: member Connections.csv would unpack ")
    assert message.endswith(" times its packed size; refusing it (a zip bomb, not LinkedIn's export)")


def test_zip_bomb_by_total_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive_module, "MAX_TOTAL_BYTES", 3 * 1024 * 1024)
    files = {f"part{n}.csv": "".join(f"{n},{i}\n" for i in range(200_000)) for n in range(3)}
    bomb = export_builder.write_zip(tmp_path / "big.zip", files)
    with pytest.raises(InputError) as caught:
        open_archive(bomb)
    assert str(caught.value) == f"{bomb}: would unpack to more than 3 MB; refusing it (a zip bomb, not LinkedIn's export)"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        open_archive(tmp_path / "nope.zip")
    assert str(caught.value) == f"{tmp_path / 'nope.zip'}: no such file or folder"


def test_is_linkedin_archive(tmp_path: Path, realistic_zip: Path) -> None:
    assert is_linkedin_archive(realistic_zip)
    other = export_builder.write_zip(tmp_path / "photos.zip", {"a.jpg": "x"})
    assert not is_linkedin_archive(other)
    folder = export_builder.write_folder(tmp_path / "unpacked", {"Connections.csv": "First Name\n"})
    assert is_linkedin_archive(folder)
    profile = tmp_path / "me.yaml"
    profile.write_text("brand: {}\n")
    assert not is_linkedin_archive(profile)
    assert not is_linkedin_archive(tmp_path / "missing.zip")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not is_linkedin_archive(empty)
    assert is_linkedin_archive(tmp_path)  # the export one level down, as when a folder holds it


@pytest.mark.parametrize(("make", "problem"), [
    (lambda path: __import__("os").mkfifo(path), "is not a regular file (a FIFO, a device or a socket)"),
    (lambda path: path.mkdir(), "is a folder"),
    (lambda path: path.symlink_to(path.parent.parent / "elsewhere.csv"), "is a link leading out of the export folder"),
])
def test_a_csv_of_an_unpacked_export_that_is_no_plain_file_is_refused_not_read_as_zero(tmp_path: Path, make, problem) -> None:
    from ssi_advise.importers import read_linkedin_archive

    (tmp_path / "elsewhere.csv").write_text("Name\nx\n", encoding="utf-8")
    folder = export_builder.write_folder(tmp_path / "export", export_builder.realistic_files())
    (folder / "Reactions.csv").unlink()
    make(folder / "Reactions.csv")
    with pytest.raises(InputError) as caught:
        read_linkedin_archive(folder)
    assert str(caught.value) == f"{folder}/Reactions.csv: {problem}; an export holds plain files only"
