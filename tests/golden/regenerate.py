#!/usr/bin/env python3
"""Rewrite the golden files from the current default pack — on purpose, after a rule edit.

    python tests/golden/regenerate.py

Then review `git diff tests/golden/`: it shows exactly how the edit moved each persona.
"""

from __future__ import annotations

import json
from pathlib import Path

from ssi_advise.engine import compile_pack, evaluate, load_pack, load_profile

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "examples"
PERSONAS = ("newcomer", "job-seeker", "account-manager", "coach", "self-employed-coach", "student", "empty")


def golden(compiled, persona: str) -> dict:
    """What a persona's golden file pins: pillar scores, total and the first five actions."""
    report = evaluate(load_profile(EXAMPLES / f"{persona}.yaml"), compiled)
    return {
        "pillars": {pillar: result.score for pillar, result in report.pillars.items()},
        "total": report.total,
        "top_actions": [action.id for action in report.actions[:5]],
    }


def main() -> None:
    compiled = compile_pack(load_pack())
    for persona in PERSONAS:
        path = HERE / f"{persona}.json"
        path.write_text(json.dumps(golden(compiled, persona), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
