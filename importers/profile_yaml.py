"""Writing imported facts as a profile YAML file, with a comment per fact naming its source.

The text is checked against the profile schema before it is written, and written through
`write_atomic`, which never replaces one of the inputs (the archive, the `--base` file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ssi_advise.engine.documents import parse_document
from ssi_advise.engine.files import write_atomic
from ssi_advise.engine.profile import profile_from_document
from ssi_advise.engine.schemas import load_schema

from .result import ImportResult

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _comment(text: str) -> str:
    """Text safe inside a YAML comment: one line, no control characters."""
    return _UNSAFE.sub(" ", text).strip()


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _header(result: ImportResult) -> list[str]:
    lines = [f"# Profile facts imported by ssi-advise from {_comment(result.archive)}."]
    if result.export_date is not None:
        lines.append(
            f"# Export date {result.export_date} ({_comment(result.export_date_source)}); weekly rates count the 12 weeks before it."
        )
    lines.append("# Counts only: no names, e-mail addresses or message texts of other people.")
    lines += [f"# Note: {_comment(note)}" for note in result.notes]
    missing = result.where_to_find()
    if missing:
        lines.append("# Still missing (add them here by hand, or keep them in a file passed with --base):")
        lines += [f"#   {_comment(line)}" for line in missing]
    return lines


def profile_yaml(result: ImportResult) -> str:
    """The profile as YAML text: schema order, each fact followed by `# source`."""
    schema = load_schema("profile")["properties"]
    lines = _header(result)
    facts = result.facts
    for key, spec in schema.items():
        if key not in facts:
            continue
        value = facts[key]
        if not isinstance(value, dict) or "properties" not in spec:
            lines.append(f"{key}: {_scalar(value)}" + (f"  # {_comment(result.sources[key])}" if key in result.sources else ""))
            continue
        if not value:
            continue
        lines.append(f"{key}:")
        for field in [*spec["properties"], *sorted(set(value) - set(spec["properties"]))]:
            if field in value:
                source = result.sources.get(f"{key}.{field}")
                lines.append(f"  {field}: {_scalar(value[field])}" + (f"  # {_comment(source)}" if source else ""))
    return "\n".join(lines) + "\n"


def checked_profile_yaml(result: ImportResult, name: str = "<imported profile>") -> str:
    """The profile YAML text, read back and validated as a hand-written file would be."""
    text = profile_yaml(result)
    profile_from_document(parse_document(text, name))
    return text


def write_profile_yaml(result: ImportResult, target: str | Path, *, inputs: Iterable[str | Path] = ()) -> str:
    """Check the profile against the schema and write it to `target` atomically.

    Refuses (InputError) to write over the archive or any of `inputs`. Returns the text written.
    """
    text = checked_profile_yaml(result)
    write_atomic(target, text, inputs=[result.archive, *inputs])
    return text
