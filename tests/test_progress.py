"""Progress between sessions: `compare OLD NEW`, `advise --history FILE` and `history FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.cli.main import main
from ssi_advise.engine import evaluate, load_profile, profile_from_dict
from ssi_advise.engine.compare import compare
from ssi_advise.engine.schemas import validator
from ssi_advise.reports.values import num, signed, sparkline

NEWCOMER = EXAMPLES / "newcomer.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def newcomer_at_500(tmp_path: Path) -> Path:
    """The newcomer a few months on: 500 connections, nothing else changed."""
    data = yaml.safe_load(NEWCOMER.read_text(encoding="utf-8"))
    data["relationships"]["connections"] = 500
    path = tmp_path / "newcomer-500.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _connections_advice(report) -> str:
    """The advice of the plan that raises the connections count (the pack says which)."""
    (advice,) = [a.id for a in report.actions if a.kind == "advice" and a.measure == "relationships.connections"]
    return advice


def _points(report, measure: str) -> float:
    return next(m.points for p in report.pillars.values() for m in p.measures if m.id == measure)


def test_reaching_500_connections_counts_the_connections_action_as_done_and_shows_the_pillar_gain(default_compiled, newcomer_at_500):
    before = load_profile(NEWCOMER)
    after = load_profile(newcomer_at_500)
    old, new = evaluate(before, default_compiled), evaluate(after, default_compiled)
    difference = compare(old, new, before.flat, after.flat)
    advice = _connections_advice(old)
    done = {d.action.id: d for d in difference.done}
    # The advice may stay in the plan (aiming at the band after 500), but the step it was given for is taken.
    assert done[advice].reason == "target_reached"
    gained = _points(new, "relationships.connections") - _points(old, "relationships.connections")
    assert (done[advice].points_before, done[advice].points_now) == (_points(old, "relationships.connections"),
                                                                     _points(new, "relationships.connections"))
    assert gained > 0
    # Only the connections count changed: the pillar and the total gain exactly what that measure gained.
    assert difference.pillars["relationships"].change == gained
    assert difference.total.change == gained
    assert {p: c.change for p, c in difference.pillars.items() if p != "relationships"} == {"brand": 0, "people": 0, "insights": 0}
    assert [(f.fact, f.old, f.new) for f in difference.facts] == [("relationships.connections", 68, 500)]
    assert [d.action.id for d in difference.done] == [advice]
    assert difference.new_actions == []


def _numbers(profile: Path) -> dict:
    return json.loads(run(str(profile), "--format", "json").output)


def test_compare_text_names_the_done_action_and_the_gain(newcomer_at_500):
    old, new = _numbers(NEWCOMER), _numbers(newcomer_at_500)
    (action,) = [a for a in old["actions"] if a["measure"] == "relationships.connections"]
    result = run("compare", str(NEWCOMER), str(newcomer_at_500))
    assert result.exit_code == 0, result.output
    assert "Actions done" in result.output
    assert action["title"] in result.output
    points = [next(m["points"] for m in r["pillars"]["relationships"]["measures"] if m["id"] == "relationships.connections")
              for r in (old, new)]
    assert f"target reached: {num(points[0])} → {num(points[1])} pts" in result.output
    assert "relationships.connections: 68 → 500" in result.output
    line = next(line for line in result.output.splitlines() if line.startswith("Build relationships"))
    old_score, new_score = old["pillars"]["relationships"]["score"], new["pillars"]["relationships"]["score"]
    assert line.split()[-3:] == [num(old_score), num(new_score), signed(new_score - old_score)]


def test_compare_in_every_format_shows_the_same_change(newcomer_at_500, tmp_path):
    old, new = _numbers(NEWCOMER), _numbers(newcomer_at_500)
    before, after = old["pillars"]["relationships"]["score"], new["pillars"]["relationships"]["score"]
    (action,) = [a for a in old["actions"] if a["measure"] == "relationships.connections"]
    data = json.loads(run("compare", str(NEWCOMER), str(newcomer_at_500), "--format", "json").output)
    assert data["kind"] == "compare"
    assert data["pillars"]["relationships"] == {"title": "Build relationships", "old": before, "new": after, "change": after - before}
    assert [d["id"] for d in data["done"]] == [action["id"]]
    markdown = run("compare", str(NEWCOMER), str(newcomer_at_500), "--format", "markdown").output
    assert f"| Build relationships | {num(before)} | {num(after)} | {signed(after - before)} |" in markdown
    assert f"- **{action['title']}**: target reached:" in markdown
    html = run("compare", str(NEWCOMER), str(newcomer_at_500), "--format", "html").output
    assert "<svg" in html and action["title"] in html
    assert f'<span class="up">{signed(after - before)}</span>' in html
    # Every format names the measures the points came from, the text too.
    (connections,) = [m for m in data["measures"] if m["id"] == "relationships.connections"]
    text = run("compare", str(NEWCOMER), str(newcomer_at_500)).output
    assert "Measures that changed" in text
    assert [line.split() for line in text.splitlines() if line.strip().startswith(connections["title"])][0][-3:] == [
        num(connections["old"]), num(connections["new"]), signed(connections["change"])]


def test_compare_reads_a_json_report_as_the_old_snapshot(newcomer_at_500, tmp_path):
    old = tmp_path / "old.json"
    assert run(str(NEWCOMER), "--format", "json", "-o", str(old)).exit_code == 0
    data = json.loads(run("compare", str(old), str(newcomer_at_500), "--format", "json").output)
    totals = (_numbers(NEWCOMER)["total"], _numbers(newcomer_at_500)["total"])
    assert data["total"] == {"old": totals[0], "new": totals[1], "change": round(totals[1] - totals[0], 2)}
    # From a JSON report the facts are those its measures show: the connections count is among them.
    assert {"fact": "relationships.connections", "old": 68, "new": 500, "rate": False} in data["facts"]
    # Facts no measure reads are unknown to the report, not "given since" (they read `name: not given → Tim Bakker`).
    assert [f["fact"] for f in data["facts"]] == ["relationships.connections"]
    assert [d["id"] for d in data["done"]] == [a["id"] for a in _numbers(NEWCOMER)["actions"] if a["measure"] == "relationships.connections"]
    # ...and every format says so, since an action may leave the plan for a fact it cannot show.
    assert data["all_facts"] is False
    assert "A JSON report holds only the facts its measures read" in " ".join(run("compare", str(old), str(newcomer_at_500)).output.split())
    markdown = run("compare", str(old), str(newcomer_at_500), "--format", "markdown").output
    assert "*A JSON report holds only the facts its measures read" in markdown
    dutch_report = tmp_path / "oud.json"
    assert run(str(NEWCOMER), "--format", "json", "--lang", "nl", "-o", str(dutch_report)).exit_code == 0
    dutch = run("compare", str(dutch_report), str(newcomer_at_500), "--format", "markdown", "--lang", "nl").output
    assert "*Een JSON-rapport bevat alleen de gegevens die zijn metingen lezen" in dutch
    both = json.loads(run("compare", str(NEWCOMER), str(newcomer_at_500), "--format", "json").output)
    assert both["all_facts"] is True and "JSON report holds" not in run("compare", str(NEWCOMER), str(newcomer_at_500)).output


def test_an_action_gone_from_the_plan_is_done_and_a_new_one_is_new(default_compiled):
    before = profile_from_dict({"relationships": {"connections": 40}, "account": "free"})
    after = profile_from_dict({"relationships": {"connections": 40}, "account": "premium"})
    difference = compare(evaluate(before, default_compiled), evaluate(after, default_compiled))
    assert ("relationships.invite_free_account", "gone") in [(d.action.id, d.reason) for d in difference.done]
    assert "relationships.invite_with_reason" in [a.id for a in difference.new_actions]


def test_a_broken_json_report_is_refused_with_its_place(tmp_path, newcomer_at_500):
    bad = tmp_path / "old.json"
    bad.write_text('{"pillars": {}, "actions": []}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(bad), str(newcomer_at_500)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{bad}:1:1: 'coverage' is required"
    assert f"{bad}:1:2: pillars: 'brand' is required" in lines
    assert "Traceback" not in result.output


def test_history_appends_one_json_report_a_line_and_shows_the_trend(tmp_path, newcomer_at_500):
    history = tmp_path / "tim.jsonl"
    assert run(str(NEWCOMER), "--history", str(history)).exit_code == 0
    assert run(str(newcomer_at_500), "--format", "json", "--history", str(history), "-o", str(tmp_path / "r.json")).exit_code == 0
    lines = history.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        report = json.loads(line)
        assert list(validator("report").iter_errors(report)) == []
        assert report["recorded_at"][:4].isdigit()
    result = run("history", str(history))
    assert result.exit_code == 0, result.output
    scores = [_numbers(p)["pillars"]["relationships"]["score"] for p in (NEWCOMER, newcomer_at_500)]
    row = next(line for line in result.output.splitlines() if line.startswith("Build relationships"))
    assert row.split()[-4:] == [sparkline(scores, 25), num(scores[0]), num(scores[1]), signed(scores[1] - scores[0])]
    assert sparkline([2.5, 7.5], 25) == "▂▃"  # eight steps from 0 to 25
    assert "2 runs, from" in result.output


def test_history_in_html_draws_one_line_per_pillar(tmp_path, newcomer_at_500):
    history = tmp_path / "tim.jsonl"
    for profile in (NEWCOMER, newcomer_at_500, newcomer_at_500):
        run(str(profile), "--format", "json", "-o", str(tmp_path / "r.json"), "--history", str(history))
    html = run("history", str(history), "--format", "html").output
    assert html.count("<polyline") == 4
    data = json.loads(run("history", str(history), "--format", "json").output)
    first, later = _numbers(NEWCOMER), _numbers(newcomer_at_500)
    relationships = [r["pillars"]["relationships"]["score"] for r in (first, later, later)]
    assert data["pillars"]["relationships"]["scores"] == relationships
    assert data["total"]["scores"] == [first["total"], later["total"], later["total"]]


def test_a_bad_history_line_is_named_by_its_line(tmp_path):
    history = tmp_path / "h.jsonl"
    good = run(str(NEWCOMER), "--format", "json").output.replace("\n", "")
    history.write_text(good + "\n{not json\n" + good + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["history", str(history)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{history}:2:2: not a JSON report: a field name in double quotes is expected here (a comma too many, or a name in single quotes?)"]


def test_an_empty_history_says_how_to_fill_it(tmp_path):
    history = tmp_path / "h.jsonl"
    history.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["history", str(history)])
    assert result.exit_code == 2
    assert result.stderr == f"{history}: holds no reports yet (add one with: ssi-advise PROFILE --history FILE)\n"


def test_the_history_file_is_never_an_input(tmp_path):
    profile = tmp_path / "me.yaml"
    profile.write_text(NEWCOMER.read_text(encoding="utf-8"), encoding="utf-8")
    before = profile.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, [str(profile), "--history", str(profile)])
    assert result.exit_code == 2
    assert result.stderr == f"{profile}: is one of the input files; refusing to overwrite it\n"
    assert profile.read_text(encoding="utf-8") == before


def history_of(tmp_path, profiles):
    """`ssi-advise history` of a history file that the profiles' runs were recorded into, in turn."""
    history = tmp_path / "h.jsonl"
    for profile in profiles:
        assert run(str(profile), "--format", "json", "-o", str(tmp_path / "r.json"), "--history", str(history)).exit_code == 0
    return history, CliRunner().invoke(main, ["history", str(history)])


def test_a_history_mixing_members_is_refused_at_the_first_other_run(tmp_path):
    # Its trend would read as one member's progress.
    history, result = history_of(tmp_path, (NEWCOMER, EXAMPLES / "account-manager.yaml", EXAMPLES / "account-manager.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (f"{history}:1: a run of Tim Bakker, while the latest run (line 3) is of Sanne de Vries: "
                             "a history follows one member; keep one history file per member\n")


def test_a_history_of_two_ids_is_refused_also_when_the_latest_run_has_none(tmp_path):
    # The latest run, without an id, has the name of the first; the second run is someone else.
    profiles = []
    for number, person in enumerate(({"id": "c-1", "name": "Anna Jansen"}, {"id": "c-2"}, {"name": "anna  jansen"})):
        profiles.append(tmp_path / f"p{number}.yaml")
        profiles[-1].write_text(yaml.safe_dump({**person, "relationships": {"connections": 100 * number}}), encoding="utf-8")
    history, result = history_of(tmp_path, profiles)
    assert result.exit_code == 2
    assert result.stderr == (f"{history}:2: a run of c-2, while the run (line 1) is of Anna Jansen: "
                             "a history follows one member; keep one history file per member\n")


def test_a_history_line_whose_time_is_not_a_date_and_time_is_refused_at_its_line(tmp_path):
    history = tmp_path / "h.jsonl"
    assert run(str(NEWCOMER), "--format", "json", "-o", str(tmp_path / "r.json"), "--history", str(history)).exit_code == 0
    line = json.loads(history.read_text(encoding="utf-8"))
    history.write_text(json.dumps({**line, "recorded_at": "yesterday"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["history", str(history)])
    assert result.exit_code == 2
    assert result.stderr == f"{history}:1:1: recorded_at: 'yesterday' is not a 'date-time'\n"


@pytest.mark.parametrize(("old", "new", "other"), [
    ({"id": "c-1", "name": "Sanne de Vries"}, {"id": "c-2", "name": "Sanne de Vries"}, True),  # ids decide
    ({"id": "c-1", "name": "Sanne de Vries"}, {"id": "c-1", "name": "Sanne Jansen"}, False),  # a new surname, one client
    ({"id": "c-1", "name": "Sanne de Vries"}, {"name": "sanne  de VRIES"}, False),  # one without an id: names decide
    ({"name": "Sanne de Vries"}, {"name": "Tim Bakker"}, True),
    ({"name": "Sanne de Vries"}, {}, False),  # nothing to go by
    ({"name": "Jos\u00e9 M\u00fcller"}, {"name": "Jose\u0301 Mu\u0308ller"}, False),  # one name, written in two Unicode forms
])
def test_two_snapshots_are_of_other_members_only_when_surely_so(old, new, other):
    from ssi_advise.engine.report import ProfileRef

    assert ProfileRef(old.get("id"), old.get("name"), "a").other_member(ProfileRef(new.get("id"), new.get("name"), "b")) is other


def test_comparing_two_members_says_so_in_each_language(tmp_path):
    # A coach who picks the wrong client's file must not read it as progress.
    tim, sanne = EXAMPLES / "newcomer.yaml", EXAMPLES / "account-manager.yaml"
    english = run("compare", str(tim), str(sanne), "--lang", "en")
    assert english.exit_code == 0
    assert "These are two different people (Tim Bakker and Sanne de Vries)" in " ".join(english.output.split())
    dutch = run("compare", str(tim), str(sanne), "--lang", "nl", "--format", "markdown")
    assert "**Dit zijn twee verschillende mensen \\(Tim Bakker en Sanne de Vries\\)" in dutch.output
    data = json.loads(run("compare", str(tim), str(sanne), "--format", "json").output)
    assert data["same_member"] is False
    same = run("compare", str(sanne), str(sanne))
    assert "different people" not in same.output
    assert json.loads(run("compare", str(sanne), str(sanne), "--format", "json").output)["same_member"] is True


def no_groups_pack(tmp_path: Path) -> Path:
    """A pack like the default one without the groups measure and its advice."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack: no-groups\nversion: '1.0'\nextends: default\n"
                                    "disable: [insights.groups, insights.join_groups, insights.leave_dead_groups]\n", encoding="utf-8")
    return pack


def test_two_json_reports_of_different_packs_compare_only_the_facts_both_measure(tmp_path):
    # A pack without the groups measure shows no groups count: that is not "5 → not given".
    pack = no_groups_pack(tmp_path)
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Jan\ninsights:\n  groups: 5\nrelationships:\n  connections: 40\n", encoding="utf-8")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert run(str(profile), "--format", "json", "-o", str(old)).exit_code == 0
    profile.write_text("name: Jan\ninsights:\n  groups: 5\nrelationships:\n  connections: 60\n", encoding="utf-8")
    assert run(str(profile), "--rules", str(pack), "--format", "json", "-o", str(new)).exit_code == 0
    data = json.loads(run("compare", str(old), str(new), "--format", "json").output)
    assert data["facts"] == [{"fact": "relationships.connections", "old": 40, "new": 60, "rate": False}]


def test_an_action_whose_measure_the_new_pack_lacks_is_not_done(tmp_path):
    # The new pack has no groups measure: its actions left the plan, but nothing was done.
    pack = no_groups_pack(tmp_path)
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Jan\ninsights:\n  groups: 0\n", encoding="utf-8")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert run(str(profile), "--format", "json", "-o", str(old)).exit_code == 0
    assert run(str(profile), "--rules", str(pack), "--format", "json", "-o", str(new)).exit_code == 0
    assert "insights.groups" in [a["measure"] for a in json.loads(old.read_text(encoding="utf-8"))["actions"]]
    data = json.loads(run("compare", str(old), str(new), "--format", "json").output)
    assert [d["id"] for d in data["done"] if d["measure"] == "insights.groups"] == []


def test_a_rate_that_changed_reads_as_a_percentage_in_every_format(tmp_path):
    # As the report shows it: an acceptance rate of 0.455 is 45.5%, never 0.455 beside a band of 40–59%.
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text("id: c-1\nrelationships: {invitation_acceptance_rate: 0.3}\n", encoding="utf-8")
    new.write_text("id: c-1\nrelationships: {invitation_acceptance_rate: 0.455}\n", encoding="utf-8")
    assert "relationships.invitation_acceptance_rate: 30% → 45,5%" in run("compare", str(old), str(new), "--lang", "nl").output
    assert "| `relationships.invitation_acceptance_rate` | 30% | 45.5% |" in run("compare", str(old), str(new), "--format", "markdown").output
    page = tmp_path / "c.html"
    run("compare", str(old), str(new), "--format", "html", "-o", str(page))
    assert "<td>30%</td><td>45.5%</td>" in page.read_text(encoding="utf-8")
    (fact,) = json.loads(run("compare", str(old), str(new), "--format", "json").output)["facts"]
    assert fact == {"fact": "relationships.invitation_acceptance_rate", "old": 0.3, "new": 0.455, "rate": True}
    whatif = run("what-if", str(old), "--set", "relationships.invitation_acceptance_rate=0.6").output
    assert "relationships.invitation_acceptance_rate = 60%" in whatif
    assert json.loads(run("what-if", str(old), "--format", "json").output)["rates"] == ["relationships.invitation_acceptance_rate"]
