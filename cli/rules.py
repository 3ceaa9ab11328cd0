"""`ssi-advise rules ...`: check, test, scaffold and describe rule packs."""

from __future__ import annotations

from pathlib import Path

import click

from ssi_advise.engine import Problem, load_pack
from ssi_advise.engine.compiler import check_compiles
from ssi_advise.engine.lint import lint
from ssi_advise.engine.model import Pack
from ssi_advise.engine.pack import inspect_pack
from ssi_advise.engine.pack_files import BUILT_IN_PREFIX, is_built_in
from ssi_advise.engine.schema_store import SCHEMA_DIR
from ssi_advise.reports import dumps

from .common import CONTEXT, EXIT_BAD_INPUT, handles_errors
from .rules_diff import diff
from .rules_fmt import fmt


@click.group(context_settings=CONTEXT)
def rules() -> None:
    """Check, test and start rule packs (folders of YAML rules)."""


@rules.command(context_settings=CONTEXT)
@click.argument("pack", metavar="PACK", default="default", type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every file read, the packs it extends included.")
@click.pass_context
def check(ctx: click.Context, pack: str, output_format: str, strict: bool, verbose: bool) -> None:
    """Check a pack without running it: schema and logic errors and warnings, one line
    each as file:line:col: level: message [rule-id].

    \b
    Exit codes: 0 clean (warnings allowed), 1 warnings with --strict, 2 errors.
    """
    built, problems = inspect_pack(pack)
    if built is not None:
        # Compiled as far as durable-rules' rulesets: what the engine would refuse is an error here.
        problems = sorted([*problems, *check_compiles(built), *_own_warnings(built, lint(built))], key=Problem.sort_key)
    if output_format == "json":
        click.echo(dumps([p.to_dict() for p in problems]), nl=False)
    else:
        if verbose and built is not None:
            for path in built.files:
                click.echo(f"read {path}")
        for problem in problems:
            click.echo(problem.format(with_level=True))
        errors = sum(p.level == "error" for p in problems)
        summary = f"{errors} error(s), {len(problems) - errors} warning(s)" if problems else "no problems"
        click.echo(f"{pack}: {summary}")
    if any(p.level == "error" for p in problems):
        ctx.exit(EXIT_BAD_INPUT)
    if strict and problems:
        ctx.exit(1)


@rules.command(context_settings=CONTEXT)
@click.argument("which", type=click.Choice(["rules", "pack", "profile", "report", "tests"]), default="rules")
@click.option("--write", "folder", metavar="DIR", type=click.Path(), default=None,
              help="Write the schemas a pack uses (pack, rules, tests, profile) into DIR instead, e.g. PACK/schemas.")
@handles_errors
def schema(which: str, folder: str | None) -> None:
    """Print a JSON Schema: rule files (default), the pack file, profiles, the JSON report or
    a pack's test cases.

    \b
    With --write DIR, the pack's files can point at DIR's copies by a relative path:
      # yaml-language-server: $schema=schemas/rules.schema.json
    """
    if folder is None:
        click.echo((SCHEMA_DIR / f"{which}.schema.json").read_text(encoding="utf-8"), nl=False)
        return

    from ssi_advise.engine.schema_files import write_schemas

    for path, status in write_schemas(Path(folder)):
        click.echo(f"{status} {path}")


@rules.command(name="test", context_settings=CONTEXT)
@click.argument("pack", metavar="PACK", default="default", type=click.Path())
@click.pass_context
@handles_errors
def test_command(ctx: click.Context, pack: str) -> None:
    """Run the test cases kept beside a pack (PACK/tests/*.yaml).

    \b
    Exit codes: 0 all passed, 1 a case failed, 2 bad pack or test file.
    """
    from ssi_advise.engine.pack_tests import run_pack_tests, tests_folder

    loaded = load_pack(pack)
    results = run_pack_tests(loaded)
    if not results:
        click.echo(f"{pack}: no test cases (add them as {tests_folder(loaded) / '*.yaml'})", err=True)
    for result in results:
        status = click.style("PASS", fg="green") if result.passed else click.style("FAIL", fg="red")
        click.echo(f"{status} {result.name}  ({result.place})")
        for line in result.diff:
            click.echo(f"     {_coloured(line)}")
    failed = sum(not r.passed for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        ctx.exit(1)


@rules.command(context_settings=CONTEXT)
@click.argument("folder", metavar="DIR", type=click.Path())
@handles_errors
def init(folder: str) -> None:
    """Write a starter pack into DIR that extends the default pack: one override, one new
    rule, one disabled rule and one test case, all commented."""
    from pathlib import Path

    from ssi_advise.engine.starter import write_starter

    for path in write_starter(Path(folder)):
        click.echo(f"wrote {path}")
    click.echo(f"next: ssi-advise rules check {folder} && ssi-advise rules test {folder}")


def _coloured(line: str) -> str:
    """A diff line: what was expected in red, what was found in green (colour only on a terminal)."""
    if line.startswith("-") and not line.startswith("---"):
        return click.style(line, fg="red")
    if line.startswith("+") and not line.startswith("+++"):
        return click.style(line, fg="green")
    return line


rules.add_command(diff)
rules.add_command(fmt)


def _own_warnings(pack: Pack, warnings: list[Problem]) -> list[Problem]:
    """A pack's warnings, without those about built-in rules it left as they are.

    Those are the built-in pack's (`rules check default` shows them), not the coach's to
    fix; a warning her override or `disable:` causes is placed at her line and kept.
    """
    if is_built_in(Path(pack.root)):
        return warnings
    return [w for w in warnings if not (w.file or "").startswith(BUILT_IN_PREFIX)]
