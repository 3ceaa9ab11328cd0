"""Work done once per pack (scoring plans, a language's words) is found again by the pack's
identity, never by an id a collected pack left behind."""

from __future__ import annotations

from ssi_advise.engine.identity_cache import IdentityCache


class Owner:
    pass


def test_a_value_is_made_once_per_owner_and_key():
    cache: IdentityCache[list[str]] = IdentityCache()
    made: list[str] = []
    first, second = Owner(), Owner()
    for _ in range(3):
        cache.get(first, lambda: made.append("first en") or ["en"], "en")
        cache.get(first, lambda: made.append("first nl") or ["nl"], "nl")
        cache.get(second, lambda: made.append("second en") or ["en"], "en")
    assert made == ["first en", "first nl", "second en"]


def test_an_entry_keeps_its_owner_so_a_new_object_never_gets_its_value():
    cache: IdentityCache[str] = IdentityCache(size=2)
    for number in range(50):
        # Each owner is dropped at once; CPython often gives the next one the same id.
        assert cache.get(Owner(), lambda number=number: f"value {number}") == f"value {number}"
    assert len(cache._entries) <= 2
