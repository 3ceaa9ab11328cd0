"""The kept built-in pack: the same pack as loading its files, a new key for any change, and
an entry that is not beyond doubt is never used."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ssi_advise.engine import load_pack
from ssi_advise.engine.pack import DEFAULT_PACK_DIR, _load_pack
from ssi_advise.engine.pack_cache import cached_pack, decode, encode, pack_key, read_entry


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SSI_ADVISE_CACHE_DIR", str(folder))
    monkeypatch.delenv("SSI_ADVISE_NO_CACHE", raising=False)
    return folder


def loads_counted(counter: list[int]):
    def load(root: Path):
        counter.append(1)
        return _load_pack(root)

    return load


def only_entry(cache: Path) -> Path:
    (entry,) = cache.glob("pack-*.json")
    return entry


def test_the_kept_pack_is_the_pack_its_files_give(cache: Path) -> None:
    fresh = _load_pack(DEFAULT_PACK_DIR)
    first, second = load_pack(), load_pack()
    assert first == fresh and second == fresh
    assert second.texts == fresh.texts and second.files == fresh.files
    assert [m.band_labels for m in second.measures if m.bands] == [m.band_labels for m in fresh.measures if m.bands]
    assert decode(json.loads(json.dumps(encode(fresh)))) == fresh


def test_a_sound_entry_is_read_instead_of_the_files(cache: Path) -> None:
    loads: list[int] = []
    cached_pack(DEFAULT_PACK_DIR, loads_counted(loads))
    cached_pack(DEFAULT_PACK_DIR, loads_counted(loads))
    assert len(loads) == 1
    entry = only_entry(cache)
    assert oct(entry.stat().st_mode & 0o777) == "0o600" and oct(cache.stat().st_mode & 0o777) == "0o700"


def test_any_change_to_the_pack_is_a_new_key(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(DEFAULT_PACK_DIR, copy)
    before = pack_key(copy)
    rule_file = next(p for p in sorted(copy.glob("*.yaml")) if p.name != "pack.yaml")
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert pack_key(copy) != before


@pytest.mark.parametrize("damage", ["body", "key", "truncated", "not json", "foreign record"])
def test_a_damaged_entry_is_never_used(cache: Path, damage: str) -> None:
    loads: list[int] = []
    cached_pack(DEFAULT_PACK_DIR, loads_counted(loads))
    entry = only_entry(cache)
    head, _, body = entry.read_bytes().partition(b"\n")
    if damage == "body":
        body = body.replace(b'"points":', b'"points": 1, "x":', 1)
    elif damage == "key":
        head = b"0" * 64 + head[64:]
    elif damage == "truncated":
        body = body[: len(body) // 2]
    elif damage == "not json":
        body = b"not json"
    if damage in ("not json", "foreign record"):
        import hashlib

        if damage == "foreign record":
            body = json.dumps({"record": "Popen", "fields": {"args": ["true"]}}).encode()
        head = head[:64] + b" " + hashlib.sha256(body).hexdigest().encode()
    entry.write_bytes(head + b"\n" + body)
    assert read_entry(entry, pack_key(DEFAULT_PACK_DIR)) is None
    assert cached_pack(DEFAULT_PACK_DIR, loads_counted(loads)) == _load_pack(DEFAULT_PACK_DIR)
    assert len(loads) == 2


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_entry_others_may_write_is_not_trusted(cache: Path) -> None:
    cached_pack(DEFAULT_PACK_DIR, loads_counted([]))
    entry = only_entry(cache)
    key = pack_key(DEFAULT_PACK_DIR)
    assert read_entry(entry, key) is not None
    entry.chmod(0o622)
    assert read_entry(entry, key) is None
    entry.chmod(0o600)
    cache.chmod(0o777)
    assert read_entry(entry, key) is None
    cache.chmod(0o700)
    link = cache / "link.json"
    link.symlink_to(entry)
    assert read_entry(link, key) is None


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSI_ADVISE_NO_CACHE", "1")
    loads: list[int] = []
    cached_pack(DEFAULT_PACK_DIR, loads_counted(loads))
    cached_pack(DEFAULT_PACK_DIR, loads_counted(loads))
    assert len(loads) == 2 and not cache.exists()


def test_an_unwritable_cache_costs_time_not_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SSI_ADVISE_CACHE_DIR", str(blocker / "cache"))
    assert cached_pack(DEFAULT_PACK_DIR, loads_counted([])) == _load_pack(DEFAULT_PACK_DIR)
