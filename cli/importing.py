"""`ssi-advise import`: turn LinkedIn's data export or the SSI page's JSON into a profile file.

The commands only parse options and call `ssi_advise.importers`; a one-line summary goes to standard error.
"""

from __future__ import annotations

from datetime import date

import click

from ssi_advise.engine.problems import InputError
from ssi_advise.engine.profile import load_profile
from ssi_advise.importers import ImportResult, read_linkedin_archive, write_profile_yaml
from ssi_advise.importers.profile_yaml import checked_profile_yaml
from ssi_advise.importers.ssi_page import ssi_result

from .common import CONTEXT, handles_errors


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.single(f"--as-of: expected a date as YYYY-MM-DD, got {text!r}") from None


def _finish(result: ImportResult, output: str | None, base: str | None, inputs: list[str]) -> None:
    if base is not None:
        result = result.with_base(load_profile(base).data, f"{base} (--base)")
        inputs.append(base)
    if output is None or output == "-":
        click.echo(checked_profile_yaml(result), nl=False)
    else:
        write_profile_yaml(result, output, inputs=inputs)
    found, missing = result.found(), result.missing()
    target = "standard output" if output in (None, "-") else output
    summary = f"imported {len(found)} facts into {target}"
    if result.export_date is not None:
        summary += f" (export date {result.export_date})"
    summary += f"; still missing: {', '.join(missing)}" if missing else "; nothing missing"
    click.echo(summary, err=True)


output_option = click.option(
    "-o", "--output", metavar="FILE", type=click.Path(), default=None,
    help="Profile YAML to write (default: standard output). Never one of the inputs.",
)
base_option = click.option(
    "--base", metavar="PROFILE", type=click.Path(), default=None,
    help="A hand-written profile whose facts fill what the import cannot give.",
)


@click.group("import", context_settings=CONTEXT)
def import_group() -> None:
    """Read your real numbers: LinkedIn's data export, or your SSI page."""


@import_group.command("linkedin", context_settings=CONTEXT)
@click.argument("archive", metavar="ARCHIVE", type=click.Path())
@output_option
@base_option
@click.option(
    "--as-of", "as_of", metavar="DATE", default=None, help="Export date (YYYY-MM-DD) the weekly rates end at (default: from the archive)."
)
@click.option(
    "--seniority", metavar="FILE", default=None, help="Your own word lists for senior titles and legal suffixes (see seniority.yaml)."
)
@handles_errors
def import_linkedin(archive: str, output: str | None, base: str | None, as_of: str | None, seniority: str | None) -> None:
    """Turn LinkedIn's data export (the ZIP, or the folder it was unpacked to) into a profile.

    \b
    Examples:
      ssi-advise import linkedin Complete_LinkedInDataExport_04-06-2026.zip -o me.yaml
      ssi-advise import linkedin ~/Downloads/Basic_LinkedInDataExport_04-06-2026 -o me.yaml --base manual.yaml
    """
    result = read_linkedin_archive(archive, as_of=_as_of(as_of), seniority=seniority)
    _finish(result, output, base, [archive] + ([seniority] if seniority else []))


@import_group.command("ssi", context_settings=CONTEXT)
@click.argument("file", metavar="FILE", type=click.Path())
@output_option
@base_option
@handles_errors
def import_ssi(file: str, output: str | None, base: str | None) -> None:
    """Put the numbers of your SSI page (its JSON, saved from the browser) into a profile.

    \b
    Examples:
      ssi-advise import ssi ssi.json -o me-with-ssi.yaml --base me.yaml
    """
    _finish(ssi_result(file), output, base, [file])
