"""Reading JSON with the json module, held to JSON's rules, and to ours: finite numbers,
no duplicate keys, no deeper nesting than the limit, and texts that can be shown."""

from __future__ import annotations

import json
import math
from typing import Any

from .document import MAX_DEPTH, MAX_DIGITS, Document, JsonPath, NotFinite, TooLong
from .problems import InputError, Problem, quote
from .text_checks import text_problem


def is_json(text: str) -> bool:
    try:
        json.loads(text, parse_int=short_integer)
    except (ValueError, RecursionError):
        return False
    return True


def parse_json(text: str, name: str, duplicates: bool = True) -> Document:
    """Read JSON with the json module; `duplicates=False` skips the (slower) duplicate-key check."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputError.single(f"duplicate key {quote(key)}", file=name)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs if duplicates else None, parse_constant=not_finite,
                          parse_float=finite_float, parse_int=short_integer)
    except (TooLong, NotFinite) as error:
        raise InputError.single(str(error), file=name) from None
    except RecursionError:
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name) from None
    except json.JSONDecodeError as error:
        raise InputError.single(json_syntax(error.msg), file=name, line=error.lineno, column=error.colno) from None
    if _deeper_than(data, MAX_DEPTH):
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", file=name)
    return Document(name, data, {})


# Python's words for a JSON syntax error, as someone who wrote the file by hand reads them.
_SYNTAX = {
    "Expecting value": "a value is expected here (a number, text in double quotes, true, false, null, { or [)",
    "Expecting property name enclosed in double quotes":
        "a field name in double quotes is expected here (a comma too many, or a name in single quotes?)",
    "Expecting ':' delimiter": "a colon is expected after the field name",
    "Expecting ',' delimiter": "a comma is expected between two values",
    "Extra data": "more follows where the JSON value ends",
    "Unterminated string starting at": "a text in double quotes is not closed",
    "Invalid control character at": "a tab or line break inside a text must be written as \\t or \\n",
    # Python 3.13 names a trailing comma itself.
    "Illegal trailing comma before end of object": "a comma too many before the closing }",
    "Illegal trailing comma before end of array": "a comma too many before the closing ]",
    "Invalid \\escape": "a backslash inside a text must be written twice (\\\\)",
}


def json_syntax(message: str) -> str:
    """A JSON syntax error in plain words (Python's own for those not known)."""
    return f"JSON syntax error: {_SYNTAX.get(message, message)}"


def checked_text(document: Document) -> Document:
    """Refuse control characters and lone surrogates in a document read by the json module
    (InputError naming every such text)."""
    problems = text_problems(document)
    if problems:
        raise InputError(sorted(problems, key=Problem.sort_key))
    return document


def text_problems(document: Document) -> list[Problem]:
    """Every key and text of a document that holds a control character or a lone surrogate."""
    problems = []
    stack: list[tuple[Any, JsonPath]] = [(document.data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                problem = text_problem(key, ())
                if problem:
                    problems.append(document.problem(f"the key {quote(key)} {problem}", path))
                stack.append((value, path + (key,)))
        elif isinstance(node, list):
            stack.extend((value, path + (index,)) for index, value in enumerate(node))
        elif isinstance(node, str):
            problem = text_problem(node, path)
            if problem:
                problems.append(document.problem(problem, path))
    return problems


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether nested lists and mappings go more than `limit` levels deep (no recursion)."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth >= limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False


def not_finite(word: str) -> float:
    """JSON's parse_constant: NaN and Infinity are refused (NotFinite)."""
    raise NotFinite(word)


def finite_float(text: str) -> float:
    """`float(text)` for JSON's parse_float (and a CSV cell), refusing (NotFinite) what reads as infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise NotFinite(text)
    return value


def short_integer(text: str) -> int:
    """`int(text)` for JSON's parse_int, refusing (TooLong) what is longer than any fact can be."""
    if len(text) > MAX_DIGITS:
        raise TooLong(len(text.lstrip("-")))
    return int(text)
