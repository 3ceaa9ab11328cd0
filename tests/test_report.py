"""The report: language-neutral records, rendered late, read back from their JSON."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

from ssi_advise.engine import InputError, Report, evaluate, load_profile
from ssi_advise.reports import FORMATS, RenderOptions, render, report_data

PERSONAS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_a_json_report_reads_back_into_the_same_report(default_compiled, path):
    report = evaluate(load_profile(path), default_compiled)
    for language in ("en", "nl"):
        data = json.loads(json.dumps(report_data(report, language)))
        again = Report.from_dict(data)
        assert report_data(again, language) == data
        assert again.total == report.total and [a.id for a in again.actions] == [a.id for a in report.actions]


def test_one_evaluation_renders_in_every_language_of_the_pack(default_compiled):
    report = evaluate(load_profile(EXAMPLES / "account-manager.yaml"), default_compiled)
    english, dutch = report_data(report, "en"), report_data(report, "nl")
    assert english["pillars"]["brand"]["title"] == "Establish your professional brand"
    assert dutch["pillars"]["brand"]["title"] == "Bouw aan je professionele merk"
    assert [a["id"] for a in english["actions"]] == [a["id"] for a in dutch["actions"]]
    assert all(e["title"] != d["title"] for e, d in zip(english["actions"], dutch["actions"], strict=True))


def test_a_language_the_pack_lacks_is_bad_input_naming_the_pack(default_compiled):
    report = evaluate(load_profile(EXAMPLES / "newcomer.yaml"), default_compiled)
    for output_format in FORMATS:
        with pytest.raises(InputError) as caught:
            render(report, output_format, RenderOptions(language="de"))
        assert str(caught.value) == "language 'de': the pack 'default' has texts in en, nl only"


def test_profile_and_pack_strings_are_shown_as_text_not_rich_markup(default_compiled):
    from ssi_advise.engine import profile_from_dict

    report = evaluate(profile_from_dict({"name": "Jan [bold]de[/] [link=https://x.invalid]Vries[/link] [/]"}), default_compiled)
    text = render(report, "text", RenderOptions(language="en"))
    heading = " ".join(text.split("This is an estimate")[0].split())  # the heading may wrap at 80 columns
    assert heading == "Social Selling Index — estimate for Jan [bold]de[/] [link=https://x.invalid]Vries[/link] [/]"


def test_a_report_read_back_from_json_says_which_language_it_holds_when_asked_for_another(default_compiled):
    report = evaluate(load_profile(EXAMPLES / "newcomer.yaml"), default_compiled)
    again = Report.from_dict(report_data(report, "en"))
    with pytest.raises(InputError) as caught:
        render(again, "text", RenderOptions(language="nl"))
    assert str(caught.value) == (
        "language 'nl': this was saved as a JSON report in en, and holds no other language's texts; "
        "make it again from the profile with --lang nl"
    )


def test_measures_and_actions_in_a_json_report_keep_every_key_in_the_schemas_order(default_compiled):
    # The JSON report fills in copies of one entry per measure and per action (reports/json.py):
    # each entry must still hold the schema's keys, in its order, with this report's values.
    from ssi_advise.engine.schema_store import SCHEMA_DIR  # noqa: PLC0415

    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))["$defs"]
    first = report_data(evaluate(load_profile(EXAMPLES / "account-manager.yaml"), default_compiled), "en")
    second = report_data(evaluate(load_profile(EXAMPLES / "job-seeker.yaml"), default_compiled), "nl")
    for data in (first, second):
        measures = [m for pillar in data["pillars"].values() for m in pillar["measures"]]
        assert {tuple(m) for m in measures} == {tuple(schema["measure"]["properties"])}
        assert {tuple(a) for a in data["actions"]} == {tuple(schema["action"]["properties"])}
    mine = {m["id"]: m for p in first["pillars"].values() for m in p["measures"]}
    theirs = {m["id"]: m for p in second["pillars"].values() for m in p["measures"]}
    assert any(mine[key]["value"] != theirs[key]["value"] for key in mine)
    assert mine["brand.followers"]["title"] != theirs["brand.followers"]["title"]  # English, Dutch
