#!/usr/bin/env python3
"""Rewrite the golden files, and the README's persona table, from the current default pack.

    python tests/golden/regenerate.py

Run it on purpose after a rule edit, then review `git diff tests/golden/ README.md`: it shows
exactly how the edit moved each persona. A test checks both are up to date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssi_advise.engine import CompiledPack, compile_pack, evaluate, load_pack, load_profile
from ssi_advise.reports import report_data

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXAMPLES = REPO / "examples"
README = REPO / "README.md"
PERSONAS = ("newcomer", "job-seeker", "account-manager", "coach", "self-employed-coach", "student", "empty")
TABLE_START = "<!-- persona table: written by tests/golden/regenerate.py -->"
TABLE_END = "<!-- end of persona table -->"


def golden(compiled: CompiledPack, persona: str) -> dict[str, Any]:
    """What a persona's golden file pins: pillar scores, total and the first five actions."""
    report = evaluate(load_profile(EXAMPLES / f"{persona}.yaml"), compiled)
    return {
        "pillars": {pillar: result.score for pillar, result in report.pillars.items()},
        "total": report.total,
        "top_actions": [action.id for action in report.actions[:5]],
    }


def _who(persona: str) -> str:
    """The example's own description: the first sentence of its opening comment."""
    first = (EXAMPLES / f"{persona}.yaml").read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("# ").split(". ")[0].rstrip(".")


def persona_table(compiled: CompiledPack) -> str:
    """The README's table: each persona, its estimate and the titles of its first three actions."""
    rows = [TABLE_START, "| persona | estimate | first three actions |", "|---|---|---|"]
    for persona in PERSONAS:
        report = evaluate(load_profile(EXAMPLES / f"{persona}.yaml"), compiled)
        leading = [action for action in report_data(report, "en", top=3)["actions"] if action["alternative_to"] is None]
        titles = [action["title"] for action in leading]
        rows.append(f"| `{persona}.yaml` — {_who(persona)} | {report.total:g} | {'; '.join(titles)} |")
    rows.append(TABLE_END)
    return "\n".join(rows)


def readme_with_table(compiled: CompiledPack) -> str:
    """The README with its persona table as the pack makes it today."""
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(TABLE_START, 1)
    _, after = rest.split(TABLE_END, 1)
    return before + persona_table(compiled) + after


def main() -> None:
    compiled = compile_pack(load_pack())
    for persona in PERSONAS:
        path = HERE / f"{persona}.json"
        path.write_text(json.dumps(golden(compiled, persona), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    README.write_text(readme_with_table(compiled), encoding="utf-8")
    print(f"wrote the persona table in {README.relative_to(REPO)}")


if __name__ == "__main__":
    main()
