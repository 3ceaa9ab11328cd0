"""Reading YAML and JSON safely: data only, every value placed, limits enforced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ssi_advise.engine.documents import MAX_VALUES, load_document, parse_document
from ssi_advise.engine.problems import InputError


def error_of(text: str, name: str = "f.yaml") -> str:
    with pytest.raises(InputError) as caught:
        parse_document(text, name)
    (problem,) = caught.value.problems
    return problem.format()


def test_values_keep_their_line_and_column():
    document = parse_document("brand:\n  photo: true\n  skills: 4\nlist:\n  - a\n  - b\n", "p.yaml")
    assert document.data == {"brand": {"photo": True, "skills": 4}, "list": ["a", "b"]}
    assert document.locate(("brand", "skills")) == (3, 3)
    assert document.locate(("list", 1)) == (6, 5)
    # An unknown deeper path falls back to its nearest known parent.
    assert document.locate(("brand", "skills", "x")) == (3, 3)


def test_python_object_tags_are_refused_not_executed(tmp_path: Path):
    marker = tmp_path / "ran"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    assert error_of(text) == (
        "f.yaml:1:4: the tag !!python/object/apply:os.system is not allowed: files hold data only, nothing in them is executed"
    )
    assert not marker.exists()


def test_a_duplicate_key_is_an_error_naming_both_lines():
    assert error_of("a: 1\nb: 2\na: 3\n") == "f.yaml:3:1: duplicate key 'a' (first defined on line 1)"


def test_an_alias_bomb_is_stopped():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    message = error_of("\n".join(lines) + "\n")
    assert f"more than {MAX_VALUES:,} values (an alias bomb?)" in message


def test_deep_nesting_is_refused():
    assert "nesting is deeper than the limit" in error_of("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nesting is deeper than the limit" in error_of("[" * 5000 + "]" * 5000)
    # The same through the JSON reader (which Python 3.13's json module reads 5,000 deep).
    assert error_of("[" * 5000 + "]" * 5000, "deep.json") == "deep.json: nesting is deeper than the limit of 48 levels"
    assert error_of('{\n\t"a": ' + "[" * 60 + "]" * 60 + "}", "tabs.json") == "tabs.json: nesting is deeper than the limit of 48 levels"


@pytest.mark.parametrize("text", ["x: .nan\n", "x: .inf\n", "x: -.inf\n", "x: 1.0e+999\n"])
def test_non_finite_numbers_are_refused(text):
    assert "is not a finite number" in error_of(text)


def test_a_utf8_bom_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfbrand:\n  photo: true\n")
    assert load_document(path).data == {"brand": {"photo": True}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n# only a comment\n", "file is empty"),
        (b"\x00\x01\x02binary", "is a binary file, expected YAML or JSON text"),
        (b"name: caf\xe9\n", "is not UTF-8 text (byte 0xe9 cannot be decoded)"),
    ],
)
def test_unreadable_files_get_one_clear_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "in.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_folder_or_missing_file_is_named(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder, expected a file"):
        load_document(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.yaml")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 1000)
    with pytest.raises(InputError, match="larger than the limit"):
        load_document(path, max_bytes=1024)


def test_yaml_syntax_errors_carry_line_and_column():
    assert error_of("a: [1, 2\nb: 3\n").startswith("f.yaml:2:")
    assert "YAML syntax error" in error_of("a: b: c\n")


def test_json_is_read_with_lines_and_json_only_escapes_still_work():
    document = parse_document('{\n  "brand": {"skills": 4}\n}', "p.json")
    assert document.data == {"brand": {"skills": 4}}
    assert document.locate(("brand", "skills")) == (2, 13)
    # Tab indentation is valid JSON but not YAML; such files are still read.
    assert parse_document('{\n\t"name": "a"\n}', "p.json").data == {"name": "a"}


def test_json_duplicate_keys_and_nan_are_refused_in_the_json_fallback():
    assert "duplicate key 'a'" in error_of('{\n\t"a": 1,\n\t"a": 2\n}', "p.json")
    assert "NaN is not a finite number" in error_of('{\n\t"b": NaN\n}', "p.json")


def test_several_documents_in_one_file_are_refused():
    assert "expected a single document" in error_of("a: 1\n---\nb: 2\n")


def test_merge_keys_and_anchors_are_plain_data():
    document = parse_document("base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert document.data["more"] == {"x": 1, "y": 2}


def test_dates_stay_text():
    assert parse_document("when: 2026-01-02\n", "f.yaml").data == {"when": "2026-01-02"}


# -- the event reader reads what PyYAML reads, where the reading is not one we refuse -------

_words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs"), max_codepoint=0x2FF), max_size=12)
_plain_data = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False) | _words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_words, inner, max_size=4),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_plain_data, st.booleans())
def test_the_event_reader_agrees_with_pyyaml(value, flow):
    text = yaml.safe_dump({"root": value, "again": value}, default_flow_style=flow, allow_unicode=True)
    try:
        data = parse_document(text, "f.yaml").data
    except InputError as error:
        # Only the readings we refuse on purpose: octal-looking and base-60 numbers written as text.
        assert all("YAML 1.1 reads" in p.message for p in error.problems), error
        return
    assert data == yaml.safe_load(text) or _exponent_text(yaml.safe_load(text))


def _exponent_text(value) -> bool:
    """PyYAML keeps `1e5` as text where we read the number (the only reading that differs)."""
    if isinstance(value, str):
        return bool(re.fullmatch(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+", value))
    if isinstance(value, dict):
        return any(_exponent_text(v) for v in value.values())
    if isinstance(value, list):
        return any(_exponent_text(v) for v in value)
    return False


def test_anchors_and_aliases_are_expanded_where_they_are_used():
    document = parse_document("a: &x {b: [1, 2]}\nc: *x\nd: [*x, *x]\n", "f.yaml")
    assert document.data == {"a": {"b": [1, 2]}, "c": {"b": [1, 2]}, "d": [{"b": [1, 2]}, {"b": [1, 2]}]}
    assert document.data["c"] is not document.data["a"]  # a fresh value per use, as before
    assert document.locate(("c", "b", 1)) == (1, 15)  # where the anchored value was written


def test_an_explicit_key_wins_over_merged_ones_and_the_first_merge_over_later_ones():
    document = parse_document("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: 9\n", "f.yaml")
    assert document.data["c"] == {"x": 9, "y": 2, "z": 4}
    assert document.locate(("c", "x")) == (5, 3) and document.locate(("c", "z")) == (2, 14)


def test_a_merge_of_something_other_than_a_mapping_is_refused():
    assert error_of("a:\n  <<: 5\n") == "f.yaml:2:7: a merge key (<<) takes a mapping or a list of mappings"


def test_an_undefined_alias_is_a_syntax_error():
    assert error_of("a: *nope\n") == (
        "f.yaml:1:4: YAML syntax error: found undefined alias 'nope'; an *alias needs an &anchor of the same name above it"
    )


@pytest.mark.parametrize(("text", "value"), [("6e-1", 0.6), ("1E5", 100000.0), ("-2.5e+3", -2500.0), ("0x1F", 31), ("1_000", 1000), ("007", 7)])
def test_numbers_yaml_1_1_would_misread_or_that_mean_one_thing(text, value):
    assert parse_document(f"n: {text}\n", "f.yaml").data == {"n": value}


def test_a_line_break_is_allowed_in_a_pack_text_only():
    assert parse_document('title: {en: "a\\nb"}\n', "f.yaml").data == {"title": {"en": "a\nb"}}
    assert error_of('label: "a\\nb"\n') == "f.yaml:1:8: label: holds a line break, which is not allowed in this field"


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_the_json_reader_refuses_what_no_fact_can_hold(number):
    # It reads history lines and JSON the YAML reader cannot: 1e400 read as infinity there.
    from ssi_advise.engine.json_reader import parse_json

    with pytest.raises(InputError, match=f"^h.jsonl: {re.escape(number)} is not a finite number$"):
        parse_json(f'{{"total": {number}}}', "h.jsonl")
