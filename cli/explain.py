"""`ssi-advise explain PROFILE [RULE_ID]`: why each rule fired or not."""

from __future__ import annotations

import difflib
import json

import click

from ssi_advise.engine import InputError, compile_pack, load_pack, load_profile
from ssi_advise.engine.explain import explain as explain_rules

from .main import CONTEXT, handles_errors, lang_option, main, rules_option


@main.command(context_settings=CONTEXT)
@click.argument("profile", metavar="PROFILE")
@click.argument("rule_id", metavar="[RULE_ID]", required=False)
@rules_option
@lang_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handles_errors
def explain(profile: str, rule_id: str | None, rules: str | None, language: str | None, output_format: str) -> None:
    """For every rule (or RULE_ID): the condition with PROFILE's values filled in, whether
    it fired, the band and points reached, and for advice how it was ranked."""
    loaded = load_profile(profile)
    pack = load_pack(rules)
    ids = [m.id for m in pack.measures] + [a.id for a in pack.advice]
    if rule_id is not None and rule_id not in ids:
        close = difflib.get_close_matches(rule_id, ids, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError.single(f"no rule '{rule_id}' in pack {pack.name}{hint}")
    compiled = compile_pack(pack)
    try:
        found = explain_rules(loaded, compiled, language or loaded.data.get("language") or "en", rule_id)
    finally:
        compiled.close()
    if output_format == "json":
        click.echo(json.dumps([{"id": e.id, "kind": e.kind, "pillar": e.pillar, "fired": e.fired, **e.data} for e in found],
                              ensure_ascii=False, indent=2))
        return
    for item in found:
        state = "fired" if item.fired else "did not fire"
        if item.kind == "measure":
            state = "earned points" if item.fired else "earned nothing"
        click.echo(click.style(f"{item.id}", bold=True) + f"  ({item.kind}, {item.pillar}): {state}")
        for line in item.lines:
            click.echo(f"    {line}")
