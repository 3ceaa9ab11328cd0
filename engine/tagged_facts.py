"""Many facts in one durable-rules state: the tag each fact carries, and reading it back.

`RulesetGroup.fired_many` asserts a chunk of facts into one state per ruleset. Each fact
carries its position under RECORD_TAG, sent as its last property, so no two facts are
identical (durable-rules refuses the same content twice in a state) and every fired rule
is traced back to its fact: the engine echoes a fact's properties in the order sent, so a
fired rule's message ends in `"ssi_record": N}}}`. All the project's rules are
single-pattern, so facts in one state never meet. tests/test_durable_many.py pins identical
firings, the state pool, memory and the trap below.
"""

from __future__ import annotations

from collections.abc import Callable

from .problems import EngineError

RECORD_TAG = "ssi_record"  # `ssi_`: a property of the project's own, never a fact
_TAG_KEY = f'"{RECORD_TAG}"'
# At most this many facts per state (identical firings were checked well beyond it).
BATCH_LIMIT = 256


def take_actions(first: str | None, following: Callable[[], str | None], sentinel: str, fired: list[list[str]]) -> None:
    """Take every action of a state, from its `first` message on, into `fired` by fact position.

    Every action is taken, also after a surprise: deleting a state with actions pending
    corrupts the engine's heap (measured: `free(): invalid pointer` at the next assert).
    """
    message = first
    checked = False
    unexpected = None
    while message:
        name = message[2 : message.index('"', 2)]
        if name != sentinel and unexpected is None:
            colon = message.rindex(":")
            # The properties come back in the order sent, the same for every fact: seeing
            # the tag last once is seeing it last always.
            if not checked and not message.startswith(_TAG_KEY, colon - len(_TAG_KEY)):
                unexpected = message[-40:]
            else:
                checked = True
                try:
                    fired[int(message[colon + 1 : -3])].append(name)
                except (ValueError, IndexError):
                    unexpected = message[-40:]
        message = following()
    if unexpected is not None:
        raise EngineError(f"durable-rules echoed a fact in an unexpected form: {unexpected}")
