"""A small cache keyed by an object's identity, for work done once per pack, not per profile.

Packs and their texts are neither hashable by content nor cheap to compare, and a batch asks
for the same one thousands of times. Each entry keeps its object, so the id it is filed under
stays that object's own for as long as the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """Values made from an object (and a key beside it), made once while it is in use."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._entries: dict[tuple[int, Hashable], tuple[object, V]] = {}

    def get(self, owner: object, make: Callable[[], V], key: Hashable = None) -> V:
        """The value for `owner` (and `key`), made by `make` the first time."""
        found = self._entries.get((id(owner), key))
        if found is None or found[0] is not owner:
            # A process seldom holds more than a few packs: forgetting all at once is enough.
            if len(self._entries) >= self.size:
                self._entries.clear()
            found = self._entries[(id(owner), key)] = (owner, make())
        return found[1]
