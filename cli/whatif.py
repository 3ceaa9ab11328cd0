"""`ssi-advise what-if PROFILE [--set fact=value ...]`: the report once an action's target is reached."""

from __future__ import annotations

import click

from ssi_advise.engine import compile_pack, load_pack, load_profile
from ssi_advise.engine.whatif import parse_settings, what_if
from ssi_advise.reports import RenderOptions, render

from .common import CONTEXT, format_option, handles_errors, lang_option, output_option, profile_argument, rules_option
from .output import check_format, emit, today


@click.command(name="what-if", context_settings=CONTEXT)
@profile_argument
@click.option("--set", "settings", metavar="FACT=VALUE", multiple=True,
              help="Try a change of your own, e.g. relationships.connections=600 (repeatable; FACT= removes the fact).")
@rules_option
@lang_option
@format_option()
@click.option("--top", type=click.IntRange(min=0), default=None, metavar="N", help="Show the first N scenarios (default all).")
@output_option
@handles_errors
def what_if_command(profile: str, settings: tuple[str, ...], rules: str | None, language: str | None, output_format: str,
                    top: int | None, output: str | None) -> None:
    """For each action of PROFILE's plan, the report as it would be once the action's
    target is reached (its measure's next band, or its checks met): the gain per pillar
    and in total, ranked by the points gained. With --set, your own changes first.

    \b
    Example:
      ssi-advise what-if me.yaml --set relationships.connections=600 --set brand.about=true
    """
    check_format(output_format, output)
    pack = load_pack(rules)
    loaded = load_profile(profile, pack)
    # A setting may name a fact of the pack's own (custom.*): checked once the pack is known.
    changes = parse_settings(settings, pack.fact_catalogue)
    chosen = language or loaded.data.get("language") or "en"
    pack.texts.require(chosen)
    compiled = compile_pack(pack)
    try:
        found = what_if(loaded, compiled, changes)
    finally:
        compiled.close()
    emit(render(found, output_format, RenderOptions(chosen, top, date=today())), output, [profile, *pack.files])
