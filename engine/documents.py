"""Reading YAML and JSON files safely, keeping the line and column of every value.

Nothing in a file is ever executed or turned into a Python object other than plain data:
only the YAML core types are accepted, any other tag is an error. Size, nesting and the
number of values (which bounds alias expansion, the "billion laughs" attack) are limited.
Duplicate keys are errors, not silently the last one wins. The YAML reading is in
`yaml_reader` (over `yaml_events`), JSON's in `json_reader`, the record in `document`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .document import MAX_BYTES, MAX_DEPTH, MAX_VALUES, Document, JsonPath, dotted
from .files import read_regular
from .json_reader import checked_text, parse_json
from .problems import InputError
from .text_checks import MULTILINE_FIELDS, text_problem
from .yaml_events import JsonFallback, YamlSyntaxError
from .yaml_reader import YamlReader

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "MULTILINE_FIELDS",
    "Document",
    "JsonPath",
    "dotted",
    "load_document",
    "parse_document",
    "read_text",
    "text_problem",
]


def read_text(source: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Read a UTF-8 text file (or standard input for `-`) and return (display name, text).

    Only regular files are read (a FIFO or a device would block or never end); every
    operating-system error becomes one line naming the file.
    """
    if str(source) == "-":
        name = "<stdin>"
        stdin = sys.stdin
        if stdin is None:
            raise InputError.single("cannot be read: standard input is closed", file=name)
        try:
            raw = stdin.buffer.read(max_bytes + 1)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else "standard input is closed"
            raise InputError.single(f"cannot be read: {reason}", file=name) from None
    else:
        name = str(source)
        raw = read_regular(source, max_bytes + 1, name=name)
    if len(raw) > max_bytes:
        raise InputError.single(
            f"file is larger than the limit of {max_bytes // (1024 * 1024)} MiB", file=name
        )
    if b"\x00" in raw:
        raise InputError.single("is a binary file, expected YAML or JSON text", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError.single(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)",
            file=name,
            line=line,
        ) from None
    return name, text


def load_document(source: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one YAML or JSON file; raise InputError naming the file and place."""
    name, text = read_text(source, max_bytes=max_bytes)
    return parse_document(text, name)


def parse_document(text: str, name: str) -> Document:
    """Parse YAML or JSON text into a Document; raise InputError on any problem."""
    if not text.strip() or _only_comments(text):
        raise InputError.single("file is empty", file=name)
    if name.lower().endswith(".json"):
        # JSON is held to JSON's rules (YAML would accept a trailing comma); the YAML
        # reading then only supplies line numbers, where it can read the text at all.
        parse_json(text, name, duplicates=False)  # JSON's syntax first, quickly
        try:
            return YamlReader(name).build(text)
        except (JsonFallback, YamlSyntaxError):
            return checked_text(parse_json(text, name))
    try:
        return YamlReader(name).build(text)
    except JsonFallback:
        return checked_text(parse_json(text, name))


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
