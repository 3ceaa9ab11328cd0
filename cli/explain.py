"""`ssi-advise explain PROFILE [RULE_ID]`: why each rule fired or not."""

from __future__ import annotations

import click

from ssi_advise.engine import InputError, compile_pack, load_pack, load_profile
from ssi_advise.engine.explain import explain as explain_rules
from ssi_advise.engine.model import Disabled
from ssi_advise.engine.suggest import did_you_mean
from ssi_advise.reports import dumps
from ssi_advise.reports import explain_text

from .common import CONTEXT, format_option, handles_errors, lang_option, profile_argument, rules_option


@click.command(context_settings=CONTEXT)
@profile_argument
@click.argument("rule_id", metavar="[RULE_ID]", required=False)
@rules_option
@lang_option
@format_option(("text", "json"), None)
@handles_errors
def explain(profile: str, rule_id: str | None, rules: str | None, language: str | None, output_format: str) -> None:
    """For every rule (or RULE_ID): the condition with PROFILE's values filled in, whether
    it fired, the band and points reached, and for advice how it was ranked."""
    pack = load_pack(rules)
    loaded = load_profile(profile, pack)
    chosen = language or loaded.data.get("language") or "en"
    if rule_id is not None and rule_id in pack.disabled:
        _disabled(pack.disabled[rule_id], output_format, chosen)
        return
    ids = [m.id for m in pack.measures] + [a.id for a in pack.advice]
    if rule_id is not None and rule_id not in ids:
        raise InputError.single(f"no rule '{rule_id}' in pack {pack.name}{did_you_mean(rule_id, ids)}")
    pack.texts.require(chosen)
    compiled = compile_pack(pack)
    try:
        found = explain_rules(loaded, compiled, rule_id, words=explain_text.condition_words(chosen))
    finally:
        compiled.close()
    if output_format == "json":
        click.echo(dumps([{"id": e.id, "kind": e.kind, "pillar": e.pillar, "fired": e.fired, **e.data} for e in found]), nl=False)
        return
    for item in found:
        click.echo(click.style(f"{item.id}", bold=True) + f"  {explain_text.heading(item, chosen)}")
        for line in explain_text.lines(item, chosen):
            click.echo(f"    {line}")


def _disabled(rule: Disabled, output_format: str, language: str) -> None:
    """A rule the pack switched off: where, rather than "no rule"."""
    if output_format == "json":
        click.echo(dumps([{"id": rule.rule_id, "kind": rule.kind, "disabled_by": {"file": rule.place.file, "line": rule.place.line}}]),
                   nl=False)
        return
    click.echo(click.style(rule.rule_id, bold=True) + f"  {explain_text.disabled(rule, language)}")
