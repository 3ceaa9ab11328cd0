"""Reading YAML and JSON files safely, keeping the line and column of every value.

Nothing in a file is ever executed or turned into a Python object other than plain data:
only the YAML core types are accepted, any other tag is an error. Size, nesting and the
number of values (which bounds alias expansion, the "billion laughs" attack) are limited.
Duplicate keys are errors, not silently the last one wins.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from .problems import InputError, Problem
from .yaml_hints import syntax_hint

# libyaml's parser is about ten times faster and caps nesting itself; PyYAML's pure-Python
# one is the fallback where PyYAML was built without it.
_Loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
MAX_VALUES = 200_000

JsonPath = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """A parsed file: its plain data and where each value came from."""

    name: str
    data: Any
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        key = tuple(path)
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:
                return (None, None)
            key = key[:-1]

    def problem(self, message: str, at: Sequence[str | int] = (), **extra: Any) -> Problem:
        """A problem placed at the value `at` (a path of keys and indexes) in this document."""
        line, column = self.locate(at)
        extra.setdefault("path", dotted(at) or None)
        return Problem(message, file=self.name, line=line, column=column, **extra)

    def place(self, at: Sequence[str | int] = ()) -> tuple[str, int | None, int | None]:
        """File name, line and column of the value at `at`."""
        return (self.name, *self.locate(at))


def dotted(path: Sequence[str | int]) -> str:
    """`('brand', 'skills')` → `brand.skills`; list indexes as `[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(source: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Read a UTF-8 text file (or standard input for `-`) and return (display name, text)."""
    name = "<stdin>" if str(source) == "-" else str(source)
    try:
        if str(source) == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            path = Path(source)
            if path.is_dir():
                raise InputError.single("is a folder, expected a file", file=name)
            with path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError.single("no such file", file=name) from None
    except PermissionError:
        raise InputError.single("permission denied", file=name) from None
    except IsADirectoryError:
        raise InputError.single("is a folder, expected a file", file=name) from None
    except OSError as error:
        raise InputError.single(f"cannot be read: {error.strerror or error}", file=name) from None
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
        strict = _parse_json(text, name)
        try:
            return _Builder(name).build(text)
        except (_JsonFallback, InputError):
            return strict
    try:
        return _Builder(name).build(text)
    except _JsonFallback:
        return _parse_json(text, name)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


class _JsonFallback(Exception):
    """PyYAML could not read text that is JSON; read it with the json module instead."""


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[JsonPath, tuple[int, int]] = {}
        self.values = 0
        self.loader: Any = None

    def build(self, text: str) -> Document:
        try:
            loader = _Loader(text)
        except yaml.reader.ReaderError as error:
            raise InputError([self._reader_problem(error, text)]) from None
        self.loader = loader
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError.single("file is empty", file=self.name)
            self.marks[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
            data = self._value(node, (), 0)
        except yaml.MarkedYAMLError as error:
            nesting = "maximum nesting depth" in f"{error.context} {error.problem}"
            if not nesting and text.lstrip().startswith(("{", "[")) and _is_json(text):
                raise _JsonFallback() from None
            raise InputError([self._syntax_problem(error)]) from None
        except yaml.reader.ReaderError as error:
            raise InputError([self._reader_problem(error, text)]) from None
        except yaml.YAMLError as error:
            raise InputError.single(f"YAML syntax error: {error}", file=self.name) from None
        except RecursionError:
            raise InputError.single(
                f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=self.name
            ) from None
        finally:
            loader.dispose()
        return Document(self.name, data, self.marks)

    def _reader_problem(self, error: yaml.reader.ReaderError, text: str) -> Problem:
        before = text[: error.position]
        column = error.position - (before.rfind("\n") + 1) + 1
        return Problem(
            f"the character U+{error.character:04X} is not allowed in YAML text",
            file=self.name,
            line=before.count("\n") + 1,
            column=column,
        )

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> Problem:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "malformed YAML"
        if error.context and error.problem:
            what = f"{error.context}: {error.problem}"
        if "maximum nesting depth" in what:  # libyaml's own cap, far above ours
            return Problem(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=self.name,
                           line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)
        return Problem(
            f"YAML syntax error: {what}{syntax_hint(what)}",
            file=self.name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        )

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError.single(message, file=self.name, line=mark.line + 1, column=mark.column + 1)

    def _value(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self._fail(
                node, f"more than {MAX_VALUES:,} values (an alias bomb?); refusing to expand"
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nesting is deeper than the limit of {MAX_DEPTH} levels")
        if node.tag not in _CORE_TAGS:
            raise self._fail(
                node,
                f"the tag {_short_tag(node.tag)} is not allowed: files hold data only, "
                "nothing in them is executed",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                self.marks[path + (index,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                result.append(self._value(item, path + (index,), depth + 1))
            return result
        assert self.loader is not None
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, float) and not math.isfinite(value):
            raise self._fail(node, f"{node.value} is not a finite number")
        if isinstance(value, (_dt.date, _dt.datetime)):
            return node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        assert self.loader is not None
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<) into plain entries
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:float",
                "tag:yaml.org,2002:null",
            ):
                raise self._fail(key_node, "a mapping key must be plain text")
            key = key_node.value if key_node.tag == "tag:yaml.org,2002:str" else str(key_node.value)
            if key in result:
                first = self.marks.get(path + (key,), (None, None))[0]
                raise self._fail(
                    key_node,
                    f"duplicate key '{key}'" + (f" (first defined on line {first})" if first else ""),
                )
            self.marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self._value(value_node, path + (key,), depth + 1)
        return result


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _parse_json(text: str, name: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputError.single(f"duplicate key '{key}'", file=name)
            result[key] = value
        return result

    def constant(word: str) -> float:
        raise InputError.single(f"{word} is not a finite number", file=name)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except RecursionError:
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name) from None
    except json.JSONDecodeError as error:
        raise InputError.single(f"JSON syntax error: {error.msg}", file=name, line=error.lineno, column=error.colno) from None
    if _deeper_than(data, MAX_DEPTH):
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name)
    return Document(name, data, {})


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether nested lists and mappings go more than `limit` levels deep (no recursion)."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth >= limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False
