"""`rules fmt`: pack and rule files rewritten in a canonical key order and layout, comments kept.

Keys are put in the order the docs use (a measure's id, title, why, fact, max_points,
bands...), indentation becomes two spaces with list items indented under their key, and
every comment stays with the line it was written above. Rule order, list order and the
style of each value (a one-line `{min: 0, points: 0}`, a folded `>-` text, quotes) stay as
written. The YAML is read and written by ruamel.yaml's round trip, which keeps comments;
moving a key moves the lines that belong to it, comments above it included.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .documents import parse_document, read_text
from .fmt_order import key_order, ordered
from .pack_files import PACK_FILE, pack_root, rule_file_paths
from .problems import InputError


def pack_files(source: str | Path) -> list[Path]:
    """The files `rules fmt` rewrites: the pack file and the rule files beside it."""
    root = pack_root(source)
    if not (root / PACK_FILE).is_file():
        raise InputError.single(f"not a pack: {PACK_FILE} is missing", file=str(root))
    return [root / PACK_FILE, *rule_file_paths(root)]


def format_text(text: str, name: str, pack_file: bool) -> str:
    """The canonical form of one file's text; InputError when it is no YAML."""
    lines = text.splitlines()
    root = _load(text, name)
    if isinstance(root, CommentedMap) and not _flow(root) and len(root):
        _Reorder(lines, pack_file).mapping(root, (), 0, len(lines))
    data = _load("\n".join(lines) + "\n", name)
    _order_flow(data, (), pack_file)
    out = io.StringIO()
    _yaml().dump(data, out)
    return _tidy(out.getvalue())


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, quotes and flow style as written
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long line the author wrote on one line
    yaml.preserve_quotes = True
    return yaml


def _load(text: str, name: str) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise InputError.single(f"YAML syntax error: {error.problem or error.context}", file=name,
                                line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None) from None


def _flow(node: Any) -> bool:
    return bool(node.fa.flow_style())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _loose(line: str) -> bool:
    """A blank line or a comment line: it belongs to the key below it."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class _Reorder:
    """Moves the lines of each key of a block mapping into canonical order, inside-out."""

    def __init__(self, lines: list[str], pack_file: bool) -> None:
        self.lines = lines
        self.pack_file = pack_file

    def mapping(self, node: CommentedMap, path: tuple, lo: int, hi: int) -> None:
        keys = list(node)
        rows = [node.lc.key(k)[0] for k in keys]
        column = node.lc.key(keys[0])[1]
        end = hi  # comment and blank lines after the last key stay where they are
        while end > rows[-1] + 1 and _loose(self.lines[end - 1]) and _indent(self.lines[end - 1]) <= column:
            end -= 1
        starts = [rows[0]]
        for index in range(1, len(keys)):
            start = rows[index]
            while start - 1 > rows[index - 1] and _loose(self.lines[start - 1]) and _indent(self.lines[start - 1]) <= column:
                start -= 1
            starts.append(start)
        bounds = list(zip(starts, [*starts[1:], end], strict=True))
        for key, row, (_, stop) in zip(keys, rows, bounds, strict=True):
            self.value(node[key], (*path, key), row + 1, stop)
        order = ordered(keys, key_order(path, self.pack_file, keys))
        if order != keys:
            self.lines[starts[0]:end] = _permute([self.lines[a:b] for a, b in bounds], [keys.index(k) for k in order], column)

    def value(self, node: Any, path: tuple, lo: int, hi: int) -> None:
        if isinstance(node, CommentedMap) and len(node) and not _flow(node):
            self.mapping(node, path, lo, hi)
        elif isinstance(node, CommentedSeq) and len(node) and not _flow(node):
            rows = [node.lc.item(i)[0] for i in range(len(node))]
            for index, item in enumerate(node):
                self.value(item, (*path, index), rows[index], rows[index + 1] if index + 1 < len(rows) else hi)


def _permute(blocks: list[list[str]], order: list[int], column: int) -> list[str]:
    """The blocks in a new order; blank lines keep their places, and a list item's `- ` stays in front."""
    blanks = [len(block) - len(_without_blanks(block)) for block in blocks]
    content = [_without_blanks(block) for block in blocks]
    prefix = content[0][0][:column]
    if "-" in prefix and order[0] != 0:
        content[0][0] = " " * column + content[0][0][column:]
        first = content[order[0]]
        row = next(i for i, line in enumerate(first) if not _loose(line))
        first[row] = prefix + first[row][column:]
    return [line for slot, index in enumerate(order) for line in [""] * blanks[slot] + content[index]]


def _without_blanks(block: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(block) if line.strip()), len(block))
    return list(block[start:])


def _order_flow(node: Any, path: tuple, pack_file: bool) -> None:
    """One-line mappings (`{points: 0, min: 0}`) put in order too; they hold no comments."""
    if isinstance(node, CommentedMap):
        if _flow(node) and path:
            for key in ordered(list(node), key_order(path, pack_file, list(node))):
                node.move_to_end(key)
        for key, value in node.items():
            _order_flow(value, (*path, key), pack_file)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            _order_flow(item, (*path, index), pack_file)


def _tidy(text: str) -> str:
    """Comment lines indented like the line they are written above; no trailing blanks."""
    lines = [line.rstrip() for line in text.splitlines()]
    following = ""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line.strip() and not line.lstrip().startswith("#"):
            following = line
        elif line.strip() and following:
            lines[index] = " " * _indent(following) + line.lstrip()
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def format_file(path: Path) -> tuple[str, str]:
    """(text as it is, text formatted) for one file.

    The formatted text must hold exactly the data the file holds: order and layout may change,
    meaning never. Should the formatter ever get that wrong (a line of block text that would
    turn into a comment, an alias moved above its anchor), the file is refused and left as it
    is, rather than rewritten into something the coach did not write.
    """
    name, text = read_text(path)
    try:
        result = format_text(text, name, path.name == PACK_FILE)
    except InputError:
        parse_document(text, name)  # a problem of the file itself is reported as such
        raise _unformattable(name) from None
    if result != text and not same_meaning(text, result, name):
        raise _unformattable(name)
    return text, result


def _unformattable(name: str) -> InputError:
    return InputError.single(
        "cannot be formatted without changing what it says (a line of block text starting with #, or an alias "
        "used before its anchor?); the file is left as it is", file=name)


def same_meaning(before: str, after: str, name: str) -> bool:
    """Whether two texts of a file hold the same data, read the way every command reads it."""
    try:
        return parse_document(before, name).data == parse_document(after, name).data
    except InputError:
        return False


def formatted(paths: Sequence[Path]) -> list[tuple[Path, str, str]]:
    """Every file with its text and formatted text; all are read before any is written."""
    return [(path, *format_file(path)) for path in paths]
