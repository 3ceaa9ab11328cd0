"""The `ssi-advise` command: a click group whose default command advises on a profile.

`ssi-advise PROFILE ...` is `ssi-advise advise PROFILE ...`; `rules` and `explain` are the
other commands. Each command lives in a module of its own and is registered here; the CLI
only parses options and calls the library.

Exit codes: 0 success, 2 bad input (profile, rules or options), 1 internal failure; `rules
check --strict` exits 1 on warnings, `rules test` 1 when a case fails; 130 when interrupted.
"""

from __future__ import annotations

import errno
import io
import os
import sys

import click
from click.shell_completion import CompletionItem

from ssi_advise.engine import InputError, __version__
from ssi_advise.engine.files import silence_stdout
from ssi_advise.engine.problems import os_reason

from .advise import EXAMPLES, advise
from .common import CONTEXT, EXIT_BAD_INPUT, EXIT_INTERNAL, BadInput
from .compare import compare
from .explain import explain
from .history import history
from .importing import import_group
from .rules import rules
from .whatif import what_if_command

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a reader that went away


class DefaultGroup(click.Group):
    """A group that runs `advise` when the first word is not one of its commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help", "--version"):
            args = ["advise", *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names, and file names too, since a profile can stand where a command would."""
        items = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-"):
            items.append(CompletionItem(incomplete, type="file"))
        return items


@click.group(cls=DefaultGroup, epilog=EXAMPLES, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="ssi-advise")
def main() -> None:
    """Estimate a LinkedIn Social Selling Index and say how to raise it.

    ssi-advise PROFILE [OPTIONS] is short for ssi-advise advise PROFILE [OPTIONS].
    """


for command in (advise, compare, explain, history, import_group, rules, what_if_command):
    main.add_command(command)


class ClosedOutput(io.TextIOBase):
    """Standard output when the caller closed it (`>&-`): writing to it is an error with one line,
    so no command loses its output and still exits 0."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise InputError.single("cannot write the report: standard output is closed")


def run() -> None:
    """Console entry point: never a traceback for the user."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
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
        silence_stdout()
        if error.errno == errno.EPIPE:
            code = EXIT_BROKEN_PIPE  # `| head` stopped reading: quiet, as the shell's own tools are
        else:
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
    sys.exit(code if isinstance(code, int) else 0)
