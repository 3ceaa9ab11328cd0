"""The only module that talks to durable-rules; it absorbs the library's traps.

durable-rules 2.0.28 is unmaintained since 2020 (see docs/engine.md). What this module does
about each measured trap:

- Timer threads and actions on other threads: we never create a `durable.lang`/`Host`
  object. We drive the C module `durable_rules_engine` directly; rules carry no Python
  action at all, so nothing can run on a background thread and no exception can be
  swallowed inside an action. A fired rule is read off as its name.
- 1,024 states: every evaluation uses one fixed state id and deletes it afterwards, also
  when evaluation fails, so the state pool never fills.
- 64 conditions matching one fact: the compiler splits a pack into rulesets small enough
  that the engine's 64-node match stack cannot overflow (which fails with error 303 or,
  measured here, corrupts the heap); this module reports error 303 if it happens anyway.
- A fact that matches no rule of a ruleset still takes a state, and deleting that state
  crashes the process (measured: segmentation fault in `delete_state` in 19 of 20 runs).
  Every ruleset therefore holds a sentinel rule that matches every profile fact, so the
  unmatched path is never taken; the sentinel is dropped from the names returned.
- Exponent floats (error 204 in a fact; in a rule literal, measured, heap corruption):
  every number, in facts and rules alike, is written in plain decimal notation.
- Ruleset names can be registered once per process: names are made unique here.
- No locks in the C engine: calls are serialised with a process-wide lock.
- Python 3.13 removed `PyEval_CallObject`, which durable-rules' C module still calls; built
  without the flag the README gives, it fails to import. It is then imported with lazy
  symbol binding (see `_load_engine`); if that fails too, the process stops with one line
  saying how to reinstall.
- Engine-owned property names: durable-rules adds `id` and `sid` to every fact, so no
  property the project sends has either name: facts go under names of letters that skip them
  (`a`, `b`, …), the project's own under `ssi_`.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import os
import re
import sys
import threading
from decimal import Decimal
from types import ModuleType
from typing import Any

import orjson

from .problems import EngineError
from .property_aliases import aliases, properties_of, renamed
from .tagged_facts import BATCH_LIMIT, RECORD_TAG, TAG_BASE, tagged, take_actions

MISSING_SYMBOL = "PyEval_CallObject"
REINSTALL = (
    "ssi-advise: durable-rules was built without the flag Python 3.13 needs; reinstall it with "
    "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-cache-dir --force-reinstall durable-rules==2.0.28"
)


def _load_engine() -> ModuleType:
    """durable-rules' C module, also when it was built for Python 3.13 without the flag.

    Such a build references `PyEval_CallObject`, which 3.13 no longer exports, so binding
    every symbol at load time (Python's default, RTLD_NOW) fails. In durable-rules 2.0.28 the
    only callers are in src/rulespy/rules.c: `storeMessageCallback`, `deleteMessageCallback`,
    `queueMessageCallback`, `getQueuedMessagesCallback` and `getIdleStateCallback`, the
    storage callbacks. `createRuleset` (src/rules/rete.c) starts them all as NULL, only the
    `set_*_callback` functions set them, which this module never calls, and every caller in
    src/rules/events.c and state.c tests the pointer first. With lazy binding (RTLD_LAZY) the
    missing symbol is never looked up. `LD_BIND_NOW` in the environment defeats that; then
    the process stops with one line saying how to reinstall.
    """
    try:
        return importlib.import_module("durable_rules_engine")
    except ImportError as error:
        if MISSING_SYMBOL not in str(error):
            raise
    flags = sys.getdlopenflags()
    sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        return importlib.import_module("durable_rules_engine")
    except ImportError as error:
        if MISSING_SYMBOL not in str(error):
            raise
        raise SystemExit(REINSTALL) from None
    finally:
        sys.setdlopenflags(flags)


_engine = _load_engine()

# durable-rules' state for a fact without `sid`: facts name none, since the engine parses every
# property of every fact and copies it into every message (some 0.5 µs each).
STATE_ID = "0"
# Every rule's condition starts with this test of the tag every asserted fact carries
# (tagged_facts.py: its place among a state's facts, TAG_BASE on); no rule can then match the
# engine's own state fact, which has no tag (a "missing" rule alone would re-fire forever).
# The tag's name is the project's own (`ssi_`): facts are sent under names of letters alone
# (property_aliases.py), and durable-rules adds `id` and `sid` to every fact itself.
OWN_PREFIX = "ssi_"
DISCRIMINATOR = {"$gte": {RECORD_TAG: TAG_BASE}}
# Names the short names facts are sent under (property_aliases.py) must not take: those
# durable-rules gives every fact itself.
ENGINE_OWNED = frozenset({"id", "sid"})
SENTINEL = "ssi_advise_sentinel"

# Re-entrant: the collector may delete an unused group (`__del__`) in the middle of a call.
_LOCK = threading.RLock()
_NAMES = itertools.count(1)
_ANY_EXPONENT = re.compile(r"\d[eE][-+]?\d")
# orjson writes an exponent as e+16 or e-300, lower case; a search that starts at a letter is
# twenty times faster than one that starts at every digit.
_ORJSON_EXPONENT = re.compile(rb"e[-+]?\d")
_EXPONENT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?[eE][+-]?\d+)')

_ERRORS = {
    "204": "a number was written in exponent notation",
    "302": "a fact has more than 255 properties",
    "303": "more than 64 conditions matched one fact at once",
}


def _plain_number(match: re.Match[str]) -> str:
    number = match.group(1)
    if number is None:
        return match.group(0)
    text = format(Decimal(number), "f")
    return text if "." in text else text + ".0"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def engine_json(value: Any) -> str:
    """JSON for durable-rules: plain decimals only, since it rejects `1e-05` and `1e+16`."""
    text = _dumps(value)
    return _EXPONENT.sub(_plain_number, text) if _ANY_EXPONENT.search(text) else text


def fast_engine_json(value: Any) -> str:
    """`engine_json`, by orjson (several times faster) unless what it wrote has an exponent, or
    it cannot write it."""
    try:
        text = orjson.dumps(value)
    except orjson.JSONEncodeError:
        # An integer past 64 bits (a pack's own fact may have no maximum): json writes it.
        return engine_json(value)
    # A text such as "type5" only sends the value the slow way, which leaves texts alone.
    return engine_json(value) if _ORJSON_EXPONENT.search(text) else text.decode()


def _explain(error: Exception) -> str:
    code = str(error).rsplit(" ", 1)[-1]
    return _ERRORS.get(code, str(error))


def _release_state(handle: int) -> None:
    """Give the evaluation's state slot back; there is none when the fact was rejected (309)."""
    try:
        _engine.delete_state(handle, STATE_ID)
    except _engine.error as error:
        if not str(error).endswith(" 309"):
            raise EngineError(f"durable-rules could not release its state: {error}") from None


class RulesetGroup:
    """Rulesets registered in the durable-rules engine that together hold one compiled pack.

    `chunks` maps each ruleset's rule names to durable-rules JSON rule definitions; rule
    names must be plain identifiers. A fact asserted into the group is matched by every
    ruleset, and the names of all rules that fired are returned. `keys` says where each
    property's value is found in the facts handed over (by default under its own name).
    """

    def __init__(
        self,
        chunks: list[dict[str, dict[str, Any]]],
        label: str = "pack",
        rule_ids: dict[str, str] | None = None,
        keys: dict[str, str] | None = None,
    ) -> None:
        self._handles: list[int] = []
        self._rule_names: list[list[str]] = []
        # What a failure names: the rule ids of the pack, not the engine's rule names.
        self._rule_ids = rule_ids or {}
        read = [{p for rule in chunk.values() for p in properties_of(rule["all"][0]["m"]) if not p.startswith(OWN_PREFIX)}
                for chunk in chunks]
        short = aliases(set().union(*read), ENGINE_OWNED)
        # Each ruleset is sent only the properties its rules read, under their short names:
        # parsing the fact is most of the cost of an assert. The project's own (the
        # discriminator, anchors that no fact has) are not facts.
        keys = keys or {}
        # Interned, as a profile's fact paths are (profile.py): a fact is then found by identity.
        self._properties: list[tuple[tuple[str, str], ...]] = [
            tuple((sys.intern(keys.get(p, p)), short[p]) for p in sorted(names)) for names in read
        ]
        sentinel = _engine_rule({"all": [{"m": DISCRIMINATOR}]}, short)
        texts = [engine_json({**{n: _engine_rule(rule, short) for n, rule in chunk.items()}, SENTINEL: sentinel}) for chunk in chunks]
        with _LOCK:
            try:
                for chunk, text in zip(chunks, texts, strict=True):
                    self._handles.append(_engine.create_ruleset(f"ssi_advise_{label}_{next(_NAMES)}", text))
                    self._rule_names.append(list(chunk))
            except _engine.error as error:
                self._close_locked()
                raise EngineError(f"durable-rules rejected the compiled rules: {_explain(error)}",
                                  self._ids([n for c in chunks for n in c])) from None

    def fired(self, fact: dict[str, Any]) -> list[str]:
        """Assert `fact` (flat: each property's value under its key, see `keys`) and return the
        names of the rules that fired."""
        fired: list[str] = []
        with _LOCK:
            for handle, names, properties in zip(self._handles, self._rule_names, self._properties, strict=True):
                (sent,) = tagged([fact], properties)
                payload = engine_json(sent)
                try:
                    fired += self._run(handle, payload)
                except _engine.error as error:
                    raise EngineError(f"durable-rules failed during evaluation: {_explain(error)}", self._ids(names)) from None
                finally:
                    _release_state(handle)
        return fired

    def fired_many(self, facts: list[dict[str, Any]]) -> dict[str, list[int]]:
        """`fired` for many facts at once, one state and one call per ruleset, not per fact: for
        each rule that fired, the positions in `facts` of those it fired for (each fact tagged
        with its position: engine/tagged_facts.py)."""
        by_rule: dict[str, list[int]] = {}
        if len(facts) > BATCH_LIMIT:
            raise ValueError(f"at most {BATCH_LIMIT} facts per call, got {len(facts)}")
        with _LOCK:
            for handle, names, properties in zip(self._handles, self._rule_names, self._properties, strict=True):
                if not facts:
                    break
                payload = fast_engine_json(tagged(facts, properties))
                try:
                    # Each rule belongs to one ruleset, so no rule is named twice.
                    by_rule.update(self._run_many(handle, payload, len(facts)))
                except _engine.error as error:
                    raise EngineError(f"durable-rules failed during evaluation: {_explain(error)}", self._ids(names)) from None
                finally:
                    _release_state(handle)
        return by_rule

    @staticmethod
    def _run_many(handle: int, payload: str, count: int) -> dict[str, list[int]]:
        code, state = _engine.assert_facts(handle, payload)
        if code != 0:
            raise EngineError(f"durable-rules refused a batch of facts (code {code})")
        started = _engine.start_action_for_state(handle, state)
        return take_actions(started[1] if started else None, _engine.complete_and_start_action, handle, state, SENTINEL, count)

    def _ids(self, names: list[str]) -> set[str]:
        return {self._rule_ids.get(name, name) for name in names}

    @staticmethod
    def _run(handle: int, payload: str) -> list[str]:
        code, state = _engine.assert_fact(handle, payload)
        if code == 2:
            raise EngineError("durable-rules saw this fact twice in one state")
        if code != 0:
            raise EngineError(f"durable-rules matched no rule, not even the sentinel (code {code})")
        started = _engine.start_action_for_state(handle, state)
        names: list[str] = []
        message = started[1] if started else None
        while message:
            # A message reads {"<rule name>":{...}}; the name is all we need, so the
            # fact copy inside it is not parsed.
            name = message[2 : message.index('"', 2)]
            if name != SENTINEL:
                names.append(name)
            message = _engine.complete_and_start_action(handle, state)
        return names

    def close(self) -> None:
        """Unregister the rulesets from the engine."""
        with _LOCK:
            self._close_locked()

    def _close_locked(self) -> None:
        for handle in self._handles:
            with contextlib.suppress(_engine.error):
                _engine.delete_ruleset(handle)
        self._handles = []

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    @property
    def size(self) -> int:
        """How many durable-rules rulesets the pack was split into."""
        return len(self._rule_names)


def _engine_rule(rule: dict[str, Any], short: dict[str, str]) -> dict[str, Any]:
    """A rule as registered: its properties under their short names, and capped so one message
    carries every fact of a state it fired for (tagged_facts.py reads them back)."""
    return {**rule, "all": [{key: renamed(m, short) for key, m in item.items()} for item in rule["all"]], "cap": BATCH_LIMIT}
