"""What a pack changes in the pack it extends, layer by layer, and what that does to a profile.

`rules diff` shows it: every field an override changed (old → new, texts per language),
every rule switched off or added, every fact of the pack's own, each with its file and
line; and, for a profile, the scores and the plan with the extended pack beside this one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from .compiler import compile_pack
from .evaluate import evaluate
from .layer_log import FieldChange, LayerLog
from .layers import LayerReader
from .model import Pack
from .pack import load_pack
from .pack_files import PACK_FILE, display_name, not_a_pack, pack_root
from .problems import InputError, raise_if_errors
from .profile import Profile
from .report import Report

_TEXT_FIELDS = ("title", "text", "how_to_measure")
# A decimal point between digits (7.5, 1.0e+20), the one a language may write as a comma.
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def pack_changes(source: str | Path) -> list[LayerLog]:
    """The changes of every layer that extends another, from the one nearest the base down."""
    root = pack_root(source)
    problem = not_a_pack(root)
    if problem:
        raise InputError.single(problem, file=str(root))
    reader = LayerReader()
    layer = reader.read(root)
    raise_if_errors(reader.problems)
    changes = [log for log in layer.history if log.extends is not None]
    if not changes:
        raise InputError.single(f"the pack '{layer.name}' extends no other pack; rules diff shows what a pack changes "
                                "in the pack it extends", file=display_name(root, root / PACK_FILE))
    return changes


def field_values(change: FieldChange) -> list[tuple[str, Any, Any]]:
    """(field, old, new): texts one entry per language that changed."""
    if change.field in _TEXT_FIELDS and isinstance(change.new, dict):
        old = change.old if isinstance(change.old, dict) else {}
        return [(f"{change.field}.{language}", old.get(language), text)
                for language, text in change.new.items() if old.get(language) != text]
    return [(change.field, change.old, change.new)]


def shown(value: Any, not_set: str, decimal: str = ".") -> str:
    """A value on one line: bands as `min: points`, anything else as YAML in flow style.

    The caller words it: `not_set` stands for a value that was not there, `decimal` is the
    decimal mark of its language. Only numbers of their own (a band's min and points, a
    number alone) take it: inside a YAML mapping a comma would read as a separator.
    """
    if value is None:
        return not_set
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list) and value and all(isinstance(b, dict) and "min" in b and "points" in b for b in value):
        return " · ".join(f"{_number(b['min'], decimal)}: {_number(b['points'], decimal)}"
                          + (f" ({b['label']})" if b.get("label") else "") for b in value)
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True, sort_keys=False).strip()
    # A scalar alone is dumped as a document with its end marker (`5\n...`): keep the value.
    text = text.removesuffix("\n...")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _DECIMAL_POINT.sub(decimal, text)
    return text


def _number(value: Any, decimal: str) -> str:
    """A band's number as `:g` writes it, with the language's decimal mark."""
    return _DECIMAL_POINT.sub(decimal, f"{value:g}")


def changes_data(logs: list[LayerLog]) -> list[dict[str, Any]]:
    """The changes as JSON data."""
    out = []
    for log in logs:
        item = asdict(log)
        item["overridden"] = [
            {"rule_id": c.rule_id, "field": name, "old": old, "new": new, **asdict(c.place)}
            for c in log.overridden for name, old, new in field_values(c)
        ]
        for key in ("disabled", "added", "facts"):
            for entry in item[key]:
                entry.update(entry.pop("place"))
        out.append(item)
    return out


@dataclass
class BeforeAfter:
    """One profile's report with the extended pack and with this one."""

    before: Report
    after: Report
    parent: Pack
    pack: Pack


def before_and_after(profile: Profile, pack: Pack) -> BeforeAfter:
    """Evaluate a profile with the pack it extends and with the pack itself."""
    if pack.parent_root is None:
        raise InputError.single(f"the pack '{pack.name}' extends no other pack: there is no before", file=pack.root)
    parent = load_pack(pack.parent_root)
    reports = []
    for used in (parent, pack):
        compiled = compile_pack(used)
        try:
            reports.append(evaluate(profile, compiled))
        finally:
            compiled.close()
    return BeforeAfter(reports[0], reports[1], parent, pack)
