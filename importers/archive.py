"""Opening LinkedIn's data export: the ZIP as downloaded (read in place, never extracted) or
the folder it was unpacked to, and finding its files by name.

A ZIP is refused when its members would unpack beyond a sane total or ratio (a zip bomb);
member names that are absolute or climb out with `..` are ignored, as are links that lead
out of an unpacked folder. Every failure is an InputError with one line naming the file.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ssi_advise.engine.problems import InputError

# A heavy user's whole export is a few hundred MB of CSV (messages.csv dominates); four times
# that still fits in memory comfortably, so anything above is refused rather than read.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# CSV compresses 5-20:1; a member above this ratio is a zip bomb, not LinkedIn's output.
MAX_RATIO = 200
# Below this size a member cannot do harm whatever its ratio (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1024 * 1024
# The member read for one file, and the text decoded from it, are bounded the same way.
MAX_MEMBER_BYTES = 512 * 1024 * 1024

EXPORT_NAME = re.compile(r"(?:Basic|Complete)_LinkedInDataExport", re.IGNORECASE)
# Files every LinkedIn export holds; one of them makes a ZIP or folder an export.
MARKER_FILES = ("Connections", "Profile", "Positions")


def _safe_name(name: str) -> str | None:
    """The member's relative POSIX name, or None when it is absolute or climbs out with `..`."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"^[A-Za-z]:", normal):
        return None
    parts = [part for part in PurePosixPath(normal).parts if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _pattern(stem: str, suffix: str) -> re.Pattern[str]:
    # Newer archives append an id to some names: Shares_123456.csv for Shares.csv.
    return re.compile(rf"^{re.escape(stem)}(?:_\d+)?{re.escape(suffix)}$", re.IGNORECASE)


@dataclass
class Archive:
    """An opened export: its display name, its members' relative names, and how to read them."""

    name: str
    path: Path
    members: list[str]
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)
    _zip_names: dict[str, str] = field(default_factory=dict, repr=False)

    def find(self, stem: str, suffix: str = ".csv") -> str | None:
        """The member named `stem` + `suffix` (any case, any folder, id suffix allowed).

        When several match, the one nearest the top wins, then the shortest name.
        """
        pattern = _pattern(stem, suffix)
        found = [member for member in self.members if pattern.match(member.rsplit("/", 1)[-1])]
        if not found:
            return None
        return min(found, key=lambda member: (member.count("/"), len(member), member))

    def under(self, folder: str, suffix: str) -> list[str]:
        """Members with `suffix` inside any folder named `folder` (e.g. Articles/Articles/*.html)."""
        wanted = folder.lower()
        return sorted(
            member
            for member in self.members
            if member.lower().endswith(suffix) and wanted in (part.lower() for part in member.split("/")[:-1])
        )

    def read_text(self, member: str) -> str:
        """The member's text (UTF-8, a byte-order mark dropped); InputError when unreadable."""
        try:
            if self._zip is not None:
                info = self._zip.getinfo(self._zip_names[member])
                with self._zip.open(info) as handle:
                    data = handle.read(MAX_MEMBER_BYTES + 1)
            else:
                with (self.path / member).open("rb") as handle:
                    data = handle.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
            raise InputError.single(f"damaged archive member ({_first_line(error)})", file=member) from None
        except OSError as error:
            raise InputError.single(f"cannot read: {error.strerror or error}", file=member) from None
        if len(data) > MAX_MEMBER_BYTES:
            raise InputError.single(f"larger than {MAX_MEMBER_BYTES // (1024 * 1024)} MB; refusing to read it", file=member)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode text" saves UTF-16: read as cp1252 it would be nonsense, not an error.
            raise InputError.single("is UTF-16 text; LinkedIn writes UTF-8: save the file as UTF-8 (CSV UTF-8)", file=member)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            # LinkedIn writes UTF-8; Windows tools re-saving a CSV sometimes write cp1252.
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError.single(f"not UTF-8 text (byte {error.start + 1})", file=member) from None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def open_archive(source: str | Path) -> Archive:
    """Open a LinkedIn export ZIP or unpacked folder; InputError (one line) when it cannot be."""
    path = Path(source)
    name = str(source)
    if path.is_dir():
        return _open_folder(path, name)
    if not path.exists():
        raise InputError.single("no such file or folder", file=name)
    try:
        handle = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError.single(
            "not a ZIP archive, or a damaged one (LinkedIn's export is a .zip file; download it again)", file=name
        ) from None
    except OSError as error:
        raise InputError.single(f"cannot read: {error.strerror or error}", file=name) from None
    try:
        return _open_zip(handle, path, name)
    except BaseException:
        handle.close()
        raise


def _open_zip(handle: zipfile.ZipFile, path: Path, name: str) -> Archive:
    total = 0
    names: dict[str, str] = {}
    for info in handle.infolist():
        if info.is_dir():
            continue
        safe = _safe_name(info.filename)
        if safe is None:
            continue
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError.single(
                f"would unpack to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB; refusing it (a zip bomb, not LinkedIn's export)",
                file=name,
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError.single(
                f"member {safe} would unpack {info.file_size // max(info.compress_size, 1)} times its packed size; "
                "refusing it (a zip bomb, not LinkedIn's export)",
                file=name,
            )
        names.setdefault(safe, info.filename)
    return Archive(name=name, path=path, members=sorted(names), _zip=handle, _zip_names=names)


def _open_folder(path: Path, name: str) -> Archive:
    root = path.resolve()
    members: list[str] = []
    try:
        for file in path.rglob("*"):
            member = file.relative_to(path).as_posix()
            # A CSV that cannot be read as the export's own file is refused, never taken as
            # "LinkedIn left it out" (which reads as zero).
            problem = _not_an_export_file(file, root)
            if problem is None:
                members.append(member)
            elif member.lower().endswith(".csv"):
                raise InputError.single(f"{problem}; an export holds plain files only", file=f"{name}/{member}")
    except OSError as error:
        raise InputError.single(f"cannot read the folder: {error.strerror or error}", file=name) from None
    return Archive(name=name, path=path, members=sorted(members))


def _not_an_export_file(file: Path, root: Path) -> str | None:
    """Why an entry of an unpacked export is not one of its files, or None when it is."""
    if file.is_symlink():
        try:
            file.resolve().relative_to(root)
        except ValueError:
            return "is a link leading out of the export folder"
    if file.is_dir():
        return "is a folder"
    if not file.is_file():
        return "is not a regular file (a FIFO, a device or a socket)"
    return None


def is_linkedin_archive(source: str | Path) -> bool:
    """Whether `source` looks like a LinkedIn export (ZIP or folder); never raises."""
    path = Path(source)
    try:
        # Only a regular file or a folder: reading a FIFO or a device could block forever.
        if not (path.is_file() or path.is_dir()):
            return False
        if path.is_file() and not zipfile.is_zipfile(path):
            return False
        if EXPORT_NAME.search(path.name):
            return True
        if path.is_dir():
            # Only the top and one level down: `ssi-advise ~` must not walk a whole home folder.
            names = [child.name for child in path.iterdir()]
            names += [grandchild.name for child in path.iterdir() if child.is_dir() for grandchild in child.iterdir()]
            return any(_pattern(stem, ".csv").match(found) for stem in MARKER_FILES for found in names)
        with open_archive(path) as archive:
            return any(archive.find(stem) for stem in MARKER_FILES)
    except (InputError, OSError, ValueError):
        return False
