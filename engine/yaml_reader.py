"""YAML's values from libyaml's events: plain data only, every value placed.

Only the YAML core types are accepted, any other tag is an error. The YAML 1.1 readings
nobody means are refused (octal 0450, base-60 1:30); 6e-1 is read as the number it is;
yes/no/on/off read as true/false are remembered, so a message can say why; merge keys lose
to keys written in the mapping.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from .document import MAX_DEPTH, MAX_DIGITS, MAX_VALUES, JsonPath, Mark, NotFinite, TooLong
from .problems import quote
from .text_checks import text_problem
from .yaml_events import Anchor, EventReader, Loader, Replay

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

_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(Loader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(found) + _WILDCARD for first, found in Loader.yaml_implicit_resolvers.items() if first is not None
}


class YamlReader(EventReader):
    """Builds plain data and the place of every value from libyaml's events."""

    def _value(self, path: JsonPath, depth: int, event: Any = None) -> Any:
        if event is None:
            event = self._next()
        if type(event) is yaml.ScalarEvent and event.anchor is None and depth <= MAX_DEPTH:  # the common case first
            self.values += 1
            if self.values > MAX_VALUES:
                raise self._fail(event, f"more than {MAX_VALUES:,} values (an alias bomb?); refusing to expand")
            return self._scalar(event, path)
        if isinstance(event, yaml.AliasEvent):
            self.replaying.append(Replay(self._anchor(event).events))
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
                self.anchors[event.anchor] = Anchor(events)
        return self._node(event, path, depth)

    def _anchor(self, alias: Any) -> Anchor:
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
        if plain and len(text) > MAX_DIGITS and text.lstrip("+-").replace("_", "").isdigit():
            raise self._fail(event, str(TooLong(len(text.lstrip("+-")))), path)
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
            raise self._fail(event, str(NotFinite(event.value)))
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
            self.anchors[event.anchor] = Anchor([event])
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
        merges: list[tuple[dict[str, Any], dict[JsonPath, Mark]]] = []
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

    def _merged(self, path: JsonPath, depth: int) -> list[tuple[dict[str, Any], dict[JsonPath, Mark]]]:
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

    def _one_merged(self, path: JsonPath, depth: int) -> tuple[dict[str, Any], dict[JsonPath, Mark]]:
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


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
