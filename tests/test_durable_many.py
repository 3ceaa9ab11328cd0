"""Many profiles asserted into one durable-rules state (`fired_many`, `evaluate_many`):
the same firings and reports as one state per profile, within pinned limits."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import extreme_profile, profiles

from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict
from ssi_advise.engine.problems import EngineError
from ssi_advise.engine.durable_driver import ENGINE_OWNED
from ssi_advise.engine.property_aliases import aliases, properties_of, renamed
from ssi_advise.engine.tagged_facts import BATCH_LIMIT, take_actions
from ssi_advise.engine.evaluate import evaluate_many
from ssi_advise.engine.firing import engine_fact, fire, fire_many


def sample(count: int, seed: int = 7) -> list[Any]:
    """Random schema-valid profiles, extremes among them, and repeated ones."""
    from strategies import FACT_PATHS, set_path

    rng = random.Random(seed)
    found = [extreme_profile(True), extreme_profile(False), {}]
    while len(found) < count:
        data: dict[str, Any] = {}
        for path in FACT_PATHS:
            if rng.random() < 0.7:
                set_path(data, path, _value(rng, path))
        found.append(data)
    found.append(dict(found[-1]))  # the same content twice in one state
    return [profile_from_dict(d) for d in found]


def _value(rng: random.Random, path: str) -> Any:
    from ssi_advise.engine.facts import catalogue

    spec = catalogue()[path]
    if spec.type == "boolean":
        return rng.random() < 0.5
    if spec.enum:
        return rng.choice(spec.enum)
    top = spec.maximum or 1000
    everyday = min(top, 60)
    if spec.type == "integer":
        return rng.choice([0, rng.randint(0, int(everyday)), rng.randint(0, int(top))])
    return rng.choice([0.00001, round(rng.uniform(0, everyday), 2), rng.uniform(0, top)])


def test_many_profiles_in_one_state_fire_as_one_each(default_compiled) -> None:
    profiles_ = sample(BATCH_LIMIT * 2 + 17)
    assert fire_many(default_compiled, profiles_) == [fire(default_compiled, p) for p in profiles_]


def test_many_reports_equal_one_at_a_time(default_compiled) -> None:
    profiles_ = sample(300, seed=3)
    assert evaluate_many(profiles_, default_compiled) == [evaluate(p, default_compiled) for p in profiles_]


def test_more_than_the_limit_per_state_is_refused(default_compiled) -> None:
    facts = [engine_fact(default_compiled, p) for p in sample(BATCH_LIMIT + 1)]
    with pytest.raises(ValueError, match=f"at most {BATCH_LIMIT}"):
        default_compiled.group.fired_many(facts)
    assert default_compiled.group.fired_many([]) == {}


def test_states_are_released_far_beyond_the_pool_of_1024(default_compiled) -> None:
    # Each call takes one state per ruleset and gives it back; 1,500 calls would exhaust
    # durable-rules' pool of 1,024 (MemoryError, then a crash) if one were kept.
    facts = [engine_fact(default_compiled, p) for p in sample(4)]
    first = default_compiled.group.fired_many(facts)
    for _ in range(1500):
        assert default_compiled.group.fired_many(facts) == first


def test_a_pack_at_the_match_stack_budget_fires_the_same_in_one_state(write_pack) -> None:
    # The compiler fills rulesets up to its match-stack budget; with many facts in one
    # state the stack is still walked one fact at a time.
    rules = "".join(
        f"""
      - id: insights.tip_{i}
        improves: insights.groups
        when: {{fact: insights.groups, lt: {100 + i}}}
        effort_minutes_per_week: 10
        title: {{en: Tip {i}, nl: Tip {i}}}
        text: {{en: Do {i}, nl: Doe {i}}}
"""
        for i in range(100)
    )
    measure = """
pillar: insights
measures:
  - id: insights.groups
    title: {en: Groups, nl: Groepen}
    fact: insights.groups
    max_points: 2
    bands:
      - {min: 0, points: 0}
      - {min: 5, points: 2}
advice:
"""
    compiled = compile_pack(load_pack(write_pack({"insights.yaml": measure + rules})))
    try:
        assert max(compiled.stack_bounds) >= 50
        batch = [profile_from_dict({"insights": {"groups": n % 101}}) for n in range(BATCH_LIMIT)]
        assert fire_many(compiled, batch) == [fire(compiled, p) for p in batch]
    finally:
        compiled.close()


def test_memory_stays_flat_over_many_states() -> None:
    # In a child process, so nothing else this session allocated blurs the measure.
    script = textwrap.dedent(
        """
        import resource, sys
        sys.path.insert(0, "tests")
        from test_durable_many import sample
        from ssi_advise.engine import compile_pack, load_pack
        from ssi_advise.engine.firing import fire_many
        compiled = compile_pack(load_pack())
        batch = sample(256)
        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(20):
            fire_many(compiled, batch)
        early = peak()
        for _ in range(200):
            fire_many(compiled, batch)
        print(early, peak())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    early, late = map(int, done.stdout.split())
    # 51,200 more profiles through the engine: a leak of even 100 bytes each would show.
    assert late - early < 4096, (early, late)



_HEAP_SCRIPT = textwrap.dedent(
    """
    import ctypes, resource, sys
    sys.path.insert(0, "tests")
    from test_durable_many import sample
    from ssi_advise.engine import compile_pack, load_pack
    from ssi_advise.engine.firing import fire_many
    from ssi_advise.engine.heap import _glibc, keep_heap
    if not _glibc():
        print("not glibc"); sys.exit()
    if sys.argv[1] == "keep":
        assert keep_heap() and keep_heap()
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    # A block the size of a state's buffer, filled and freed as durable-rules does.
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]
    before = faults()
    for _ in range(100):
        block = libc.malloc(560_000)
        ctypes.memset(block, 1, 560_000)
        libc.free(block)
    blocks = faults() - before
    compiled = compile_pack(load_pack())
    batch = sample(64)
    for _ in range(5):
        fire_many(compiled, batch)
    before = faults()
    for _ in range(100):
        fire_many(compiled, batch)
    print(blocks, faults() - before)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator settings")
def test_a_batch_process_keeps_each_states_buffer_in_the_heap() -> None:
    # Each state grows a buffer to some 540 KB and frees it. Whether glibc serves the next
    # one from its heap or from fresh pages the kernel must zero depends on what the process
    # freed before (its thresholds start at 128 KiB, here held there as the environment can
    # hold them): measured 76,000 to 296,000 page faults for 20,000 profiles. keep_heap fixes
    # thresholds above the buffer.
    found = {}
    for how in ("keep", "leave"):
        done = subprocess.run(
            [sys.executable, "-c", _HEAP_SCRIPT, how], capture_output=True, text=True, check=True,
            env={**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072", "MALLOC_TRIM_THRESHOLD_": "131072"},
        )
        if done.stdout.strip() == "not glibc":
            pytest.skip("the C library is not glibc")
        found[how] = tuple(map(int, done.stdout.split()))
    # 100 blocks of 560 KB: 137 pages each, faulted afresh every time unless kept.
    assert found["leave"][0] > 10_000 and found["keep"][0] < 400, found
    # 400 states (100 chunks, 4 rulesets) with their buffers kept: next to no faults.
    assert found["keep"][1] < 400, found


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(profiles(), min_size=1, max_size=40))
def test_generated_batches_fire_as_one_each(default_compiled, batch) -> None:
    loaded = [profile_from_dict(d) for d in batch]
    assert fire_many(default_compiled, loaded) == [fire(default_compiled, p) for p in loaded]


def test_deleting_a_state_with_actions_pending_corrupts_the_engine() -> None:
    # The trap `fired_many` avoids by taking every action before it deletes a state, even
    # after a surprise. Pinned in a child process: it aborts or crashes that process. How soon
    # the corrupted heap shows depends on its layout, which any change to what the process
    # imports moves (seen: 20 rounds ran clean inside a test session and crashed outside it).
    script = textwrap.dedent(
        """
        from ssi_advise.engine import compile_pack, load_pack, profile_from_dict
        from ssi_advise.engine.durable_driver import STATE_ID, engine_json
        from ssi_advise.engine.tagged_facts import RECORD_TAG, TAG_BASE
        from ssi_advise.engine.firing import engine_fact
        import durable_rules_engine as engine
        compiled = compile_pack(load_pack())
        fact = engine_fact(compiled, profile_from_dict({"brand": {"skills": 5}}))
        handle = compiled.group._handles[0]
        payload = engine_json([{**fact, RECORD_TAG: TAG_BASE}])
        for _ in range(500):
            engine.assert_facts(handle, payload)
            engine.delete_state(handle, STATE_ID)
        """
    )
    # Corruption need not show at once, and may not show in one run: one crash of a few runs pins it.
    for _ in range(5):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        if done.returncode < 0:  # killed by a signal (SIGABRT, SIGSEGV), not an exception
            break
    assert done.returncode < 0, done.stderr


def test_one_message_per_rule_is_read_back_to_every_fact_it_names() -> None:
    # A capped rule's message lists every fact it fired for; text inside a fact that looks
    # like a tag (escaped quotes) is not one.
    messages = iter([
        '{"r1":[{"m":{"a":"\\"ssi_r\\":1001","ssi_r":1000}},{"m":{"a":2,"ssi_r":1002}}]}',
        '{"sentinel":[{"m":{"ssi_r":1000}},{"m":{"ssi_r":1001}}]}',
        '{"r2":[{"m":{"ssi_r":1001,"a":3}}]}',  # the tag need not be last
    ])
    fired = take_actions(next(messages), lambda handle, state: next(messages, None), 1, 1, "sentinel", 3)
    assert fired == {"r1": [0, 2], "r2": [1]}


@pytest.mark.parametrize("odd", [
    '{"r1":[{"m":{"a":1}}]}',  # no tag
    '{"r1":[{"m":{"a":1,"ssi_r":1009}}]}',  # a position beyond the facts asserted
    '{"r1":[{"m":{"a":1,"ssi_r":9}}]}',  # not a tag this project writes
    '{"r1":[{"m":{"a":1,"ssi_r": 1000}}]}',  # nor in the form durable-rules writes
    '{"r1":[{"m":{"a":1,"ssi_r":999}}]}',
])
def test_a_message_in_an_unexpected_form_fails_after_every_action_is_taken(odd: str) -> None:
    messages = iter([odd, '{"r2":[{"m":{"ssi_r":1000}}]}'])
    taken: list[int] = []

    def complete(handle: int, state: int) -> str | None:
        taken.append(state)
        return next(messages, None)

    with pytest.raises(EngineError, match="unexpected form"):
        take_actions(next(messages), complete, 1, 1, "sentinel", 2)
    assert len(taken) == 2  # the second message and the end were still asked for


def test_rules_are_registered_under_short_property_names_and_read_the_same() -> None:
    expression = {"$and": [{"ssi_k": 1}, {"$or": [{"$gte": {"f_brand__skills": 5}}, {"$nex": {"f_x": 1}}]},
                           {"f_x": "f_brand__skills"}]}
    short = aliases((p for p in properties_of(expression) if p.startswith("f_")), ENGINE_OWNED)
    assert short == {"f_brand__skills": "a", "f_x": "b"}
    assert renamed(expression, short) == {
        "$and": [{"ssi_k": 1}, {"$or": [{"$gte": {"a": 5}}, {"$nex": {"b": 1}}]}, {"b": "f_brand__skills"}]
    }
    # Shortest first, and never a name durable-rules gives every fact itself.
    many = list(aliases((f"f_{n:04}" for n in range(3000)), ENGINE_OWNED).values())
    assert many[:3] == ["a", "b", "c"] and many[51:54] == ["Z", "aa", "ab"] and len(set(many)) == 3000
    assert not {"id", "sid"} & set(many) and all(name.isalpha() for name in many)


def test_a_fact_is_sent_its_properties_and_its_tag_which_every_rule_tests_first() -> None:
    # Each property costs the engine its parsing and a copy in every message: no `sid` (the
    # engine's default state) and no discriminator of its own; the tag is what rules test.
    from ssi_advise.engine.compiler import engine_expression
    from ssi_advise.engine.durable_driver import DISCRIMINATOR
    from ssi_advise.engine.tagged_facts import RECORD_TAG, TAG_BASE, tagged

    sent = tagged([{"brand.skills": 5, "other": 1}, {}], (("brand.skills", "a"), ("brand.photo", "b")))
    assert sent == [{"a": 5, RECORD_TAG: TAG_BASE}, {RECORD_TAG: TAG_BASE + 1}]
    assert DISCRIMINATOR == {"$gte": {RECORD_TAG: TAG_BASE}}
    assert engine_expression({"$lt": {"a": 3}})["$and"][0] == DISCRIMINATOR
