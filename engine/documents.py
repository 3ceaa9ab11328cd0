"""Reading YAML and JSON files safely, keeping the line and column of every value.

Nothing in a file is ever executed or turned into a Python object other than plain data:
only the YAML core types are accepted, any other tag is an error. Size, nesting and the
number of values (which bounds alias expansion, the "billion laughs" attack) are limited.
Duplicate keys are errors, not silently the last one wins.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Sequence

import yaml

from .files import read_regular
from .problems import InputError, Problem, quote
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
    # How an unquoted yes/no/on/off was written where YAML made it true or false, so a
    # message can say why a text field got a boolean.
    spelled: dict[JsonPath, str] = field(default_factory=dict)

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
        if not extra:  # the common case, kept cheap for files with thousands of problems
            return Problem(message, self.name, line, column, dotted(at) or None)
        extra.setdefault("path", dotted(at) or None)
        return Problem(message, file=self.name, line=line, column=column, **extra)

    def place(self, at: Sequence[str | int] = ()) -> tuple[str, int | None, int | None]:
        """File name, line and column of the value at `at`."""
        return (self.name, *self.locate(at))


def dotted(path: Sequence[str | int]) -> str:
    """`('brand', 'skills')` → `brand.skills`; list indexes as `[0]`; odd or long keys quoted."""
    if len(path) == 1 and type(path[0]) is str and len(path[0]) <= 60 and path[0].isprintable():
        return path[0]  # the common case of a file with thousands of problems, kept cheap
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = str(part)
            if len(key) > 60 or not key.isprintable():
                key = quote(key)
            out += ("." if out else "") + key
    return out


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
        _parse_json(text, name, duplicates=False)  # JSON's syntax first, quickly
        try:
            return _Builder(name).build(text)
        except (_JsonFallback, _SyntaxError):
            return _checked_text(_parse_json(text, name))
    try:
        return _Builder(name).build(text)
    except _JsonFallback:
        return _checked_text(_parse_json(text, name))


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


class _JsonFallback(Exception):
    """PyYAML could not read text that is JSON; read it with the json module instead."""


class _SyntaxError(InputError):
    """The YAML reader could not read the text at all (as opposed to refusing what it holds)."""


_KEY_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
# YAML 1.1 wants a dot and a signed exponent (6.0e-1); 6e-1 and 1e5 mean the same numbers.
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+")
_BOOL_WORDS = {"yes", "no", "on", "off"}

# Texts of a pack that may run over several lines; everywhere else a line break is refused,
# as it would print fake lines in a report or a message.
MULTILINE_FIELDS = frozenset({"title", "text", "how_to_measure", "why", "description"})
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(text: str, path: JsonPath) -> str | None:
    """Why `text` (a key or value at `path`) cannot be shown as it is, or None when it can."""
    found = _CONTROL.search(text)
    while found is not None:
        char = found.group()
        if "\ud800" <= char <= "\udfff":
            return f"holds a lone surrogate (U+{ord(char):04X}), which is not valid Unicode text"
        if char != "\n" or not any(part in MULTILINE_FIELDS for part in path if isinstance(part, str)):
            if char == "\n":
                return "holds a line break, which is not allowed in this field"
            return f"holds the control character U+{ord(char):04X}, which is not allowed in text"
        found = _CONTROL.search(text, found.end())
    return None


_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(_Loader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(found) + _WILDCARD for first, found in _Loader.yaml_implicit_resolvers.items() if first is not None
}


@dataclass
class _Anchor:
    """The events of an anchored node, replayed wherever an alias names it."""

    events: list[Any]


@dataclass
class _Replay:
    """An anchor's events being read again for an alias, and how far."""

    events: list[Any]
    position: int = 0


class _Builder:
    """Builds plain data and the place of every value from libyaml's events.

    Events rather than PyYAML's node graph: composing nodes costs five times as much as the
    events themselves, and a profile of 100,000 keys must still be read in well under a second.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[JsonPath, tuple[int, int]] = {}
        self.spelled: dict[JsonPath, str] = {}
        self.values = 0
        self.loader: Any = None
        self.anchors: dict[str, _Anchor] = {}
        self.recording: list[list[Any]] = []
        self.replaying: list[_Replay] = []

    def build(self, text: str) -> Document:
        try:
            loader = _Loader(text)
        except yaml.reader.ReaderError as error:
            raise _SyntaxError([self._reader_problem(error, text)]) from None
        self.loader = loader
        try:
            data = self._document()
        except yaml.MarkedYAMLError as error:
            nesting = "maximum nesting depth" in f"{error.context} {error.problem}"
            if not nesting and text.lstrip().startswith(("{", "[")) and _is_json(text):
                raise _JsonFallback() from None
            raise _SyntaxError([self._syntax_problem(error)]) from None
        except yaml.reader.ReaderError as error:
            raise _SyntaxError([self._reader_problem(error, text)]) from None
        except yaml.YAMLError as error:
            raise _SyntaxError([Problem(f"YAML syntax error: {error}", file=self.name)]) from None
        except RecursionError:
            raise InputError.single(
                f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=self.name
            ) from None
        finally:
            loader.dispose()
        return Document(self.name, data, self.marks, self.spelled)

    def _document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise InputError.single("file is empty", file=self.name)
        loader.get_event()  # document start
        first = loader.peek_event()
        self.marks[()] = (first.start_mark.line + 1, first.start_mark.column + 1)
        data = self._value((), 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None, "but found another document", extra.start_mark
            )
        return data

    # -- events ----------------------------------------------------------------------------

    def _next(self) -> Any:
        if not self.replaying and not self.recording:
            return self.loader.get_event()
        while self.replaying:
            replay = self.replaying[-1]
            if replay.position < len(replay.events):
                replay.position += 1
                return replay.events[replay.position - 1]
            self.replaying.pop()
        event = self.loader.get_event()
        for events in self.recording:
            events.append(event)
        return event

    def _peek(self) -> Any:
        while self.replaying:
            replay = self.replaying[-1]
            if replay.position < len(replay.events):
                return replay.events[replay.position]
            self.replaying.pop()
        return self.loader.peek_event()

    def _fail(self, event: Any, message: str, path: JsonPath = ()) -> InputError:
        mark = event.start_mark
        return InputError.single(message, file=self.name, line=mark.line + 1, column=mark.column + 1, path=dotted(path) or None)

    def _value(self, path: JsonPath, depth: int, event: Any = None) -> Any:
        if event is None:
            event = self._next()
        if type(event) is yaml.ScalarEvent and event.anchor is None and depth <= MAX_DEPTH:  # the common case first
            self.values += 1
            if self.values > MAX_VALUES:
                raise self._fail(event, f"more than {MAX_VALUES:,} values (an alias bomb?); refusing to expand")
            return self._scalar(event, path)
        if isinstance(event, yaml.AliasEvent):
            self.replaying.append(_Replay(self._anchor(event).events))
            return self._value(path, depth)
        self.values += 1
        if self.values > MAX_VALUES:
            raise self._fail(event, f"more than {MAX_VALUES:,} values (an alias bomb?); refusing to expand")
        if depth > MAX_DEPTH:
            raise self._fail(event, f"nesting is deeper than the limit of {MAX_DEPTH} levels")
        if event.anchor is not None and not self.replaying:
            events = [event]
            self.recording.append(events)
            try:
                return self._node(event, path, depth)
            finally:
                self.recording.remove(events)
                self.anchors[event.anchor] = _Anchor(events)
        return self._node(event, path, depth)

    def _anchor(self, alias: Any) -> _Anchor:
        anchor = self.anchors.get(alias.anchor)
        if anchor is None:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {alias.anchor!r}", alias.start_mark)
        return anchor

    def _node(self, event: Any, path: JsonPath, depth: int) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, "tag:yaml.org,2002:map")
            return self._mapping(path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, "tag:yaml.org,2002:seq")
            result = []
            index = 0
            while not isinstance(self._peek(), yaml.SequenceEndEvent):
                item = self._peek()
                self.marks[path + (index,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                result.append(self._value(path + (index,), depth + 1))
                index += 1
            self._next()
            return result
        raise self._fail(event, "malformed YAML")  # pragma: no cover - libyaml sends nothing else here

    def _check_tag(self, event: Any, own: str) -> None:
        if event.tag not in (None, "!", own):
            raise self._fail(
                event, f"the tag {_short_tag(event.tag)} is not allowed: files hold data only, nothing in them is executed"
            )

    def _tag(self, event: Any) -> str:
        if event.tag is not None and event.tag != "!":
            return event.tag
        value = event.value
        if not event.implicit[0]:
            return _STR
        # PyYAML's own implicit resolution, without its per-call path bookkeeping.
        for tag, pattern in _RESOLVERS.get(value[:1], _WILDCARD):
            if pattern.match(value):
                return tag
        return _STR

    def _scalar(self, event: Any, path: JsonPath) -> Any:
        text = event.value
        plain = event.tag is None and event.implicit[0]
        if plain and text.isascii() and text.isdigit() and (text[0] != "0" or len(text) == 1):
            return int(text)  # the common case, without the regular expressions of YAML's resolver
        tag = self._tag(event)
        if tag == _STR:
            if plain and _EXPONENT.fullmatch(text):
                return self._finite(event, float(text.replace("_", "")))
            problem = text_problem(text, path)
            if problem:
                raise self._fail(event, problem, path)
            return text
        if tag == _INT and _DECIMAL.fullmatch(text):
            return int(text)
        if tag not in _CORE_TAGS:
            raise self._fail(
                event, f"the tag {_short_tag(tag)} is not allowed: files hold data only, nothing in them is executed"
            )
        if tag == "tag:yaml.org,2002:timestamp":
            return text
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark)
        value = self.loader.yaml_constructors[tag](self.loader, node)
        if plain:
            self._check_reading(event, tag, text, value, path)
            if tag == _BOOL and text.lower() in _BOOL_WORDS:
                self.spelled[path] = text
        if isinstance(value, float):
            return self._finite(event, value)
        return value

    def _finite(self, event: Any, value: float) -> float:
        if not math.isfinite(value):
            raise self._fail(event, f"{event.value} is not a finite number")
        return value

    def _check_reading(self, event: Any, tag: str, text: str, value: Any, path: JsonPath) -> None:
        """Refuse the YAML 1.1 number readings nobody means: octal 0450 and base-60 1:30."""
        if tag in (_INT, _FLOAT) and ":" in text:
            raise self._fail(
                event,
                f"YAML 1.1 reads {text} as the base-60 number {value:g}: write {value:g} if you mean that number, "
                f"or quote '{text}' for text",
                path,
            )
        if tag == _INT and _OCTAL.fullmatch(text):
            decimal = int(text.replace("_", ""), 10)
            if decimal != value:
                raise self._fail(
                    event,
                    f"YAML 1.1 reads {text} as the octal number {value}: write {decimal} without the leading zero, "
                    f"or quote '{text}' for text",
                    path,
                )

    def _key(self, event: Any) -> tuple[str | None, Any]:
        """A key of a mapping as text (None for a merge key `<<`), and the event that holds it."""
        if isinstance(event, yaml.AliasEvent):
            event = self._anchor(event).events[0]
        elif getattr(event, "anchor", None) is not None and not self.replaying:
            self.anchors[event.anchor] = _Anchor([event])
        if not isinstance(event, yaml.ScalarEvent):
            raise self._fail(event, "a mapping key must be plain text")
        tag = self._tag(event)
        if tag == _MERGE:
            return None, event
        if tag not in _KEY_TAGS:
            raise self._fail(event, "a mapping key must be plain text")
        return event.value, event

    def _mapping(self, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[tuple[dict[str, Any], dict[JsonPath, tuple[int, int]]]] = []
        while True:
            key_event = self._next()
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key, key_event = self._key(key_event)
            if key is None:
                merges += self._merged(path, depth)
                continue
            if key in result:
                first = self.marks.get(path + (key,), (None, None))[0]
                raise self._fail(
                    key_event,
                    f"duplicate key {quote(key)}" + (f" (first defined on line {first})" if first else ""),
                )
            problem = text_problem(key, ())
            if problem:
                raise self._fail(key_event, f"the key {quote(key)} {problem}", path)
            mark = key_event.start_mark
            at = path + (key,)
            self.marks[at] = (mark.line + 1, mark.column + 1)
            result[key] = self._value(at, depth + 1, self._next())
        # YAML merge keys: a key written in the mapping wins over a merged one, and an
        # earlier merged mapping over a later one.
        for merged, marks in merges:
            fresh = {key for key in merged if key not in result}
            for key in merged:
                if key in fresh:
                    result[key] = merged[key]
            self.marks.update((at, mark) for at, mark in marks.items() if at[len(path)] in fresh)
        return result

    def _merged(self, path: JsonPath, depth: int) -> list[tuple[dict[str, Any], dict[JsonPath, tuple[int, int]]]]:
        """The mappings a merge key `<<` names (one, or a list), each with its marks."""
        start = self._peek()
        if isinstance(start, yaml.SequenceStartEvent):
            self._next()
            self.values += 1
            found = []
            while not isinstance(self._peek(), yaml.SequenceEndEvent):
                found.append(self._one_merged(path, depth + 1))
            self._next()
            return found
        return [self._one_merged(path, depth)]

    def _one_merged(self, path: JsonPath, depth: int) -> tuple[dict[str, Any], dict[JsonPath, tuple[int, int]]]:
        start = self._peek()
        saved, self.marks = self.marks, {}
        try:
            value = self._value(path, depth + 1)
            marks = self.marks
        finally:
            self.marks = saved
        if not isinstance(value, dict):
            raise self._fail(start, "a merge key (<<) takes a mapping or a list of mappings")
        return value, marks

    # -- messages ----------------------------------------------------------------------------

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


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _parse_json(text: str, name: str, duplicates: bool = True) -> Document:
    """Read JSON with the json module; `duplicates=False` skips the (slower) duplicate-key check."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputError.single(f"duplicate key {quote(key)}", file=name)
            result[key] = value
        return result

    def constant(word: str) -> float:
        raise InputError.single(f"{word} is not a finite number", file=name)

    try:
        data = json.loads(text, object_pairs_hook=pairs if duplicates else None, parse_constant=constant)
    except RecursionError:
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name) from None
    except json.JSONDecodeError as error:
        raise InputError.single(f"JSON syntax error: {error.msg}", file=name, line=error.lineno, column=error.colno) from None
    if _deeper_than(data, MAX_DEPTH):
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name)
    return Document(name, data, {})


def _checked_text(document: Document) -> Document:
    """Refuse control characters and lone surrogates in a document read by the json module."""
    stack: list[tuple[Any, JsonPath]] = [(document.data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                problem = text_problem(key, ())
                if problem:
                    raise InputError([document.problem(f"the key {quote(key)} {problem}", path)])
                stack.append((value, path + (key,)))
        elif isinstance(node, list):
            stack.extend((value, path + (index,)) for index, value in enumerate(node))
        elif isinstance(node, str):
            problem = text_problem(node, path)
            if problem:
                raise InputError([document.problem(problem, path)])
    return document


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
