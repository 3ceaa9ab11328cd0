"""The `ssi-advise` command: a click group whose default command advises on a profile.

`ssi-advise PROFILE ...` is `ssi-advise advise PROFILE ...`; `rules` and `explain` are the
other commands. The CLI only parses options and calls the engine.

Exit codes: 0 success, 2 bad input (profile, rules or options), 1 internal failure; `rules
check --strict` exits 1 on warnings, `rules test` 1 when a case fails.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from ssi_advise.engine import EngineError, InputError, __version__, compile_pack, evaluate, load_pack, load_profile
from ssi_advise.engine.files import write_atomic

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
DEFAULT_TOP = 10
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 80}

EXAMPLES = """\b
Examples:
  ssi-advise examples/account-manager.yaml
  ssi-advise me.yaml --lang nl --top 5
  ssi-advise me.yaml --format json -o report.json
  ssi-advise me.yaml --rules ./my-pack
  cat me.json | ssi-advise -
  ssi-advise explain me.yaml relationships.connections
  ssi-advise rules check ./my-pack

\b
Exit codes: 0 success, 2 bad input (profile, rules or options), 1 internal error.
"""


def fail(error: InputError) -> None:
    """Print every problem on its own line and exit 2."""
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_BAD_INPUT)


def handles_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the engine's errors into one-line messages and exit codes."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InputError as error:
            fail(error)
        except EngineError as error:
            click.echo(f"ssi-advise: engine failure: {error}", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _use_color(output: str | None) -> bool:
    if output is not None or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


def rules_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--rules", "rules", metavar="PACK_DIR", default=None, help="A rule pack folder (default: the built-in pack).")(function)


def lang_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lang", "language", metavar="LANG", default=None, help="Report language, e.g. en or nl (default: the profile's language, else en).")(function)


class DefaultGroup(click.Group):
    """A group that runs `advise` when the first word is not one of its commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help", "--version"):
            args = ["advise", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, epilog=EXAMPLES, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="ssi-advise")
def main() -> None:
    """Estimate a LinkedIn Social Selling Index and say how to raise it.

    ssi-advise PROFILE [OPTIONS] is short for ssi-advise advise PROFILE [OPTIONS].
    """


@main.command(epilog=EXAMPLES, context_settings=CONTEXT)
@click.argument("profile", metavar="PROFILE")
@rules_option
@lang_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Text for people, JSON for programs.")
@click.option("--top", type=click.IntRange(min=0), default=None, metavar="N", help=f"Show the first N actions (text default {DEFAULT_TOP}, JSON default all; 0 for all).")
@click.option("-o", "--output", metavar="FILE", default=None, help="Write the report to FILE instead of standard output; nothing is written when the input is bad.")
@handles_errors
def advise(profile: str, rules: str | None, language: str | None, output_format: str, top: int | None, output: str | None) -> None:
    """Estimate a LinkedIn Social Selling Index from PROFILE (a YAML or JSON file, or - for
    standard input) and print each pillar's score, how every point was earned, and a
    ranked action plan.

    The score is an estimate: LinkedIn does not publish how it calculates the SSI.
    """
    report_text = advise_text(profile, rules, language, output_format, top, color=_use_color(output))
    if output is None:
        click.echo(report_text, nl=False)
        return
    inputs = [profile] if profile != "-" else []
    if rules:
        inputs += [str(p) for p in Path(rules).glob("*.y*ml")]
    write_atomic(output, report_text, inputs=inputs)


def advise_text(profile_source: str, rules: str | None, language: str | None, output_format: str, top: int | None, *, color: bool = False) -> str:
    """Load, validate, compile, evaluate, rank and render; return the report text."""
    profile = load_profile(profile_source)
    pack = load_pack(rules)
    language = language or profile.data.get("language") or "en"
    compiled = compile_pack(pack)
    try:
        report = evaluate(profile, compiled, language)
    finally:
        compiled.close()
    if output_format == "json":
        data = report.to_dict()
        if top:
            data["actions"] = data["actions"][:top]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from ssi_advise.engine.render_text import render_text  # rich is only needed for text

    return render_text(report, color=color, top=DEFAULT_TOP if top is None else top)


def _register() -> None:
    from . import explain, rules  # noqa: F401  (commands register themselves on `main`)


_register()


def run() -> None:
    """Console entry point: never a traceback for the user."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug of ours: one line, not a traceback
        if os.environ.get("SSI_ADVISE_DEBUG"):
            raise
        click.echo(f"ssi-advise: internal error: {type(error).__name__}: {error} "
                   "(set SSI_ADVISE_DEBUG=1 for details, and please report it)", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    run()
