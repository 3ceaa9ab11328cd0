"""libyaml's event stream: the reader under the YAML documents, with anchors replayed for
aliases and its errors turned into problems with a place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .document import MAX_DEPTH, Document, JsonPath, Mark, dotted
from .json_reader import is_json
from .problems import InputError, Problem
from .yaml_hints import syntax_hint

# libyaml's parser is about ten times faster and caps nesting itself; PyYAML's pure-Python
# one is the fallback where PyYAML was built without it.
Loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class JsonFallback(Exception):
    """PyYAML could not read text that is JSON; read it with the json module instead."""


class YamlSyntaxError(InputError):
    """The YAML reader could not read the text at all (as opposed to refusing what it holds)."""


@dataclass
class Anchor:
    """The events of an anchored node, replayed wherever an alias names it."""

    events: list[Any]


@dataclass
class Replay:
    """An anchor's events being read again for an alias, and how far."""

    events: list[Any]
    position: int = 0


class EventReader:
    """Reads libyaml's events, replaying anchored ones for aliases; `YamlReader` builds values from them.

    Events rather than PyYAML's node graph: composing nodes costs five times as much as the
    events themselves, and a profile of 100,000 keys must still be read in well under a second.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[JsonPath, Mark] = {}
        self.spelled: dict[JsonPath, str] = {}
        self.values = 0
        self.loader: Any = None
        self.anchors: dict[str, Anchor] = {}
        self.recording: list[list[Any]] = []
        self.replaying: list[Replay] = []

    def build(self, text: str) -> Document:
        try:
            loader = Loader(text)
        except yaml.reader.ReaderError as error:
            raise YamlSyntaxError([self._reader_problem(error, text)]) from None
        self.loader = loader
        try:
            data = self._document()
        except yaml.MarkedYAMLError as error:
            nesting = "maximum nesting depth" in f"{error.context} {error.problem}"
            if not nesting and text.lstrip().startswith(("{", "[")) and is_json(text):
                raise JsonFallback() from None
            raise YamlSyntaxError([self._syntax_problem(error)]) from None
        except yaml.reader.ReaderError as error:
            raise YamlSyntaxError([self._reader_problem(error, text)]) from None
        except yaml.YAMLError as error:
            raise YamlSyntaxError([Problem(f"YAML syntax error: {error}", file=self.name)]) from None
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

    def _value(self, path: JsonPath, depth: int, event: Any = None) -> Any:
        raise NotImplementedError  # YamlReader reads the values

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
