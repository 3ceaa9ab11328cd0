"""`ssi-advise rules fmt PACK`: rewrite a pack's files in canonical order and layout."""

from __future__ import annotations

import difflib

import click

from ssi_advise.engine import InputError
from ssi_advise.engine.files import write_atomic
from ssi_advise.engine.fmt import formatted, pack_files

from .common import CONTEXT, handles_errors


@click.command(name="fmt", context_settings=CONTEXT)
@click.argument("pack", metavar="PACK", type=click.Path())
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a file is not formatted (for CI).")
@click.option("--diff", "show_diff", is_flag=True, help="Change nothing; print what formatting would change.")
@click.pass_context
@handles_errors
def fmt(ctx: click.Context, pack: str, check: bool, show_diff: bool) -> None:
    """Rewrite PACK's pack.yaml and rule files in the canonical key order (id, title, why,
    fact, max_points, bands, ... as the docs write them) and layout, keeping every comment.

    \b
    Exit codes: 0 formatted (or, with --check, already formatted), 1 --check found files
    to format, 2 a file is no YAML.
    """
    if pack == "default" and not (check or show_diff):
        raise InputError.single("the built-in pack is part of the installation; format a pack folder of your own")
    results = formatted(pack_files(pack))
    changed = [(path, old, new) for path, old, new in results if old != new]
    for path, old, new in changed:
        if show_diff:
            for line in difflib.unified_diff(old.splitlines(), new.splitlines(), f"{path}", f"{path} (formatted)", lineterm=""):
                click.echo(line)
        elif check:
            click.echo(f"would reformat {path}")
        else:
            write_atomic(path, new)
            click.echo(f"reformatted {path}")
    if not changed:
        click.echo(f"{pack}: {len(results)} file(s) already formatted")
    elif check or show_diff:
        ctx.exit(1)
