"""The `ssi-advise` command: a click group whose default command advises on a profile.

`ssi-advise PROFILE ...` is `ssi-advise advise PROFILE ...`; `rules` and `explain` are the
other commands. Each command lives in a module of its own and is registered here; the CLI
only parses options and calls the library.

Exit codes: 0 success, 2 bad input (profile, rules or options), 1 internal failure; `rules
check --strict` exits 1 on warnings, `rules test` 1 when a case fails; 130 when interrupted.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys
from typing import Any

import click
from click.shell_completion import CompletionItem

from ssi_advise.engine import InputError
from ssi_advise.engine.files import silence_stdout
from ssi_advise.engine.problems import os_reason

from .advise import EXAMPLES, advise
from .common import CONTEXT, EXIT_BAD_INPUT, EXIT_INTERNAL, BadInput

EXIT_INTERRUPTED = 130

# Every other command by name: its module and object, imported only when it runs (or --help
# lists it), so `ssi-advise PROFILE` does not pay for importers, rule tools or multiprocessing.
LAZY_COMMANDS = {
    "batch": ("batch", "batch"),
    "compare": ("compare", "compare"),
    "explain": ("explain", "explain"),
    "history": ("history", "history"),
    "import": ("importing", "import_group"),
    "rules": ("rules", "rules"),
    "what-if": ("whatif", "what_if_command"),
}


class DefaultGroup(click.Group):
    """A group that runs `advise` when the first word is not one of its commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = args and (args[0] in self.commands or args[0] in LAZY_COMMANDS)
        if args and not known and args[0] not in ("-h", "--help", "--version"):
            args = ["advise", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[name]
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names, and file names too, since a profile can stand where a command would."""
        items = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-"):
            items.append(CompletionItem(incomplete, type="file"))
        return items


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: the installed version, looked up only when asked for (importlib.metadata is slow to import)."""
    if value and not ctx.resilient_parsing:
        from ssi_advise import engine

        click.echo(f"ssi-advise, version {engine.__version__}")
        ctx.exit()


@click.group(cls=DefaultGroup, epilog=EXAMPLES, context_settings=CONTEXT)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version,
              help="Show the version and exit.")
def main() -> None:
    """Estimate a LinkedIn Social Selling Index and say how to raise it.

    ssi-advise PROFILE [OPTIONS] is short for ssi-advise advise PROFILE [OPTIONS].
    """


main.add_command(advise)


class ClosedOutput(io.TextIOBase):
    """Standard output when the caller closed it (`>&-`): writing to it is an error with one line,
    so no command loses its output and still exits 0."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise InputError.single("cannot write the report: standard output is closed")

    @property
    def buffer(self) -> Any:
        """Written to as bytes (`batch -o -`): the same one-line error."""
        raise InputError.single("cannot write the report: standard output is closed")


class ClosedInput(io.TextIOBase):
    """Standard input when the caller closed it (`<&-`): reading it is an error with one line."""

    encoding = "utf-8"
    errors = "strict"

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        raise InputError.single("cannot be read: standard input is closed", file="<stdin>")

    @property
    def buffer(self) -> Any:
        raise InputError.single("cannot be read: standard input is closed", file="<stdin>")


def run() -> None:
    """Console entry point: never a traceback for the user."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stdin is None:
        sys.stdin = ClosedInput()
    try:
        code = main(standalone_mode=False)
    except InputError as error:  # from a command that has no error handling of its own
        BadInput(error).show()
        code = EXIT_BAD_INPUT
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except click.exceptions.Exit as done:
        code = done.exit_code
    except OSError as error:  # output that could not be written: a full disk, a reader gone
        # (A reader gone, `| head`, never gets here: click ends quietly with exit 1 itself.)
        silence_stdout()
        click.echo(f"cannot write the report: {os_reason(error)}", err=True)
        code = EXIT_BAD_INPUT
    except (click.Abort, KeyboardInterrupt):
        click.echo("ssi-advise: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except Exception as error:  # a bug of ours: one line, not a traceback
        if os.environ.get("SSI_ADVISE_DEBUG"):
            raise
        click.echo(f"ssi-advise: internal error: {type(error).__name__}: {error} "
                   "(set SSI_ADVISE_DEBUG=1 for details, and please report it)", err=True)
        code = EXIT_INTERNAL
    # The work is done: the collector's last pass at exit over everything still loaded would
    # cost some 15 ms of a 150 ms call (measured), and frees nothing a process ending needs.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
