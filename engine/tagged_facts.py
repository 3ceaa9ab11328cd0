"""Many facts in one durable-rules state: the tag each fact carries, and reading it back.

`RulesetGroup.fired_many` asserts a chunk of facts into one state per ruleset. Each fact
carries its position under RECORD_TAG, so no two facts are identical (durable-rules refuses
the same content twice in a state) and every firing is traced back to its fact. Every rule
is registered with a `cap`, so the engine hands over one message per rule that fired,
holding a copy of each fact it fired for: `{"<rule>":[{"m":{…,"ssi_r":1003}},…]}`. Reading
the tags out of that text costs far less than one message per fact and rule did (measured on
the default pack: 42 messages a profile, each read in Python). All the project's rules are
single-pattern, so facts in one state never meet. tests/test_durable_many.py pins identical
firings, the state pool, memory and the trap below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .problems import EngineError

RECORD_TAG = "ssi_r"  # `ssi_`: a property of the project's own, never a fact
# A tag in a message, before its number. Inside a JSON string every quote is escaped, so text
# a fact holds never reads as a tag.
_MARK = f'"{RECORD_TAG}":'
# At most this many facts per state (identical firings were checked well beyond it), and so
# at most this many facts in one message.
BATCH_LIMIT = 256
# A fact's tag is its position plus TAG_BASE: four digits for every position, so a tag is read
# by slicing four characters and looking them up (searching for the end of the number and
# converting it cost twice as much; a message is some 9 KB of text a profile).
TAG_BASE = 1000
_POSITIONS = {str(TAG_BASE + position): position for position in range(BATCH_LIMIT)}


def tagged(facts: list[dict[str, Any]], properties: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """The facts as one ruleset is sent them: each `(name, alias)` of `properties` a fact has,
    under its alias, and the fact's tag (which every rule's discriminator tests)."""
    found = []
    for tag, fact in enumerate(facts, TAG_BASE):
        sent = {alias: fact[name] for name, alias in properties if name in fact}
        # Added to the mapping, not merged into a new one: that was a copy per fact and ruleset.
        sent[RECORD_TAG] = tag
        found.append(sent)
    return found


def take_actions(
    first: str | None,
    complete: Callable[[int, int], str | None],
    handle: int,
    state: int,
    sentinel: str,
    count: int,
) -> dict[str, list[int]]:
    """Take every action of a state, from its `first` message on (`complete(handle, state)`
    gives the next), and say for each rule that fired the positions of the facts (of `count`)
    it fired for.

    Every action is taken, also after a surprise: deleting a state with actions pending
    corrupts the engine's heap (measured: `free(): invalid pointer` at the next assert).
    """
    by_rule: dict[str, list[int]] = {}
    message = first
    unexpected = None
    while message:
        name = message[2 : message.index('"', 2)]
        if name != sentinel and unexpected is None:
            try:
                positions = [_POSITIONS[part[:4]] for part in message.split(_MARK)[1:]]
            except KeyError:
                positions = []
            if positions and max(positions) < count:
                found = by_rule.get(name)
                if found is None:
                    by_rule[name] = positions
                else:
                    found += positions
            else:
                unexpected = message[-40:]
        message = complete(handle, state)
    if unexpected is not None:
        raise EngineError(f"durable-rules echoed a fact in an unexpected form: {unexpected}")
    return by_rule
