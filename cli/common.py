"""What every `ssi-advise` command shares: options, and how errors leave the program.

User errors leave as click exceptions: bad input (profile, rules, options) exits 2 with one
line per problem naming its place; an engine failure exits 1. Nothing here knows about a
particular command, so the command modules import this and never each other.
"""

from __future__ import annotations

import functools
import sys
from typing import IO, Any, TypeVar
from collections.abc import Callable

import click

from ssi_advise.engine import EngineError, InputError
from ssi_advise.reports import FORMATS

EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 80}

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """Bad input: every problem on its own line, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.problems = error.problems

    def show(self, file: IO[Any] | None = None) -> None:
        for line in InputError(self.problems).lines():  # the first 20, then how many more
            click.echo(line, err=True)


class EngineFailure(click.ClickException):
    """The rules engine failed: one line naming the rules involved, exit 1."""

    exit_code = EXIT_INTERNAL

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"ssi-advise: engine failure: {self.message}", err=True)


def handles_errors(function: F) -> F:
    """Turn the library's errors into click exceptions with their exit codes."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InputError as error:
            raise BadInput(error) from None
        except OSError as error:
            if error.filename is None:
                raise  # writing the output failed (a full disk, a reader gone): the entry point says so
            raise BadInput(InputError.from_os_error(error)) from None
        except EngineError as error:
            raise EngineFailure(str(error)) from None
        except KeyboardInterrupt:
            # click would print an empty line first, to end a terminal's `^C`; a log gets none.
            if sys.stderr is not None and sys.stderr.isatty():
                click.echo(err=True)
            raise click.Abort() from None

    return wrapper  # type: ignore[return-value]


def profile_argument(function: F) -> F:
    return click.argument("profile", metavar="PROFILE", type=click.Path(allow_dash=True))(function)


def rules_option(function: F) -> F:
    return click.option("--rules", "rules", metavar="PACK_DIR", type=click.Path(), default=None,
                        help="A rule pack folder (default: the built-in pack).")(function)


def _language_code(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    # Language codes are written in lower case (`language: nl`); --lang NL means the same.
    return value.strip().lower() if value is not None else None


def lang_option(function: F) -> F:
    return click.option("--lang", "language", metavar="LANG", default=None, callback=_language_code,
                        help="Report language, e.g. en or nl (default: the profile's language, else en).")(function)


FORMAT_HELP = "Text for people, JSON for programs, Markdown, HTML, or PDF (needs -o FILE and the pdf extra)."


def format_option(choices: tuple[str, ...] = FORMATS, help_text: str | None = FORMAT_HELP) -> Callable[[F], F]:
    """`--format`, with the choices the renderers' registry offers."""

    def decorate(function: F) -> F:
        return click.option("--format", "output_format", type=click.Choice(choices), default="text",
                            show_default=True, help=help_text)(function)

    return decorate


def output_option(function: F) -> F:
    return click.option("-o", "--output", metavar="FILE", type=click.Path(), default=None,
                        help="Write the report to FILE instead of standard output; nothing is written when the input is bad.")(function)
