"""What an import yields: the facts, the file each came from, and what is still missing.

`merge_base` lays imported facts over a hand-written profile (`--base`): the archive's values
replace stale ones, the hand-written ones fill what the archive cannot give.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ssi_advise.engine.facts import catalogue

# Facts a LinkedIn export never holds, and where a member finds them instead.
WHERE_TO_FIND = {
    "brand.photo": "your profile page: is a photo shown?",
    "brand.media_items": "the Featured section of your profile: count its items",
    "brand.followers": "your profile page, Activity section: 'N followers'",
    "people.views_network_per_week": "not kept by LinkedIn; estimate the profiles of 1st and 2nd degree you open a week",
    "people.views_prospects_per_week": "not kept by LinkedIn; estimate the profiles of 3rd degree and beyond you open a week",
    "people.searches_per_week": "the search history (SearchQueries.csv) comes only with the complete archive; else estimate it",
    "people.advanced_searches_per_week": "Sales Navigator's saved and recent searches; else estimate it",
    "people.profile_views_per_week": "'Who viewed your profile' on your profile: the 90-day count divided by 13",
    "insights.groups": "My Network > Groups (linkedin.com/groups): count the groups you are in",
    "insights.interactions_received_per_week": "the analytics under your posts (Show all analytics): reactions, comments, reposts",
    "relationships.invitation_acceptance_rate": "My Network > Manage invitations > Sent: how many recent ones are still open",
    "ssi.brand": "your SSI page (linkedin.com/sales/ssi): `ssi-advise import ssi` reads it",
}
# Profile fields that are not facts to assess; a missing one is not worth a note.
NOT_ASSESSED = {"id", "name", "industry", "language", "account"}


@dataclass
class ImportResult:
    """The facts read from one archive, with the file each came from (counts only, no names)."""

    facts: dict[str, Any]
    sources: dict[str, str]
    export_date: date | None
    export_date_source: str
    archive: str
    notes: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    def fact(self, path: str) -> Any:
        """The value at a dotted path, or None."""
        node: Any = self.facts
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def set(self, path: str, value: Any, source: str) -> None:
        """Record a fact and the archive file it came from."""
        *parents, leaf = path.split(".")
        node = self.facts
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
        self.sources[path] = source

    def found(self) -> list[str]:
        """Dotted paths of the facts present, in the schema's order."""
        return [path for path in catalogue() if self.fact(path) is not None]

    def missing(self) -> list[str]:
        """Assessable facts still missing, in the schema's order (SSI page numbers counted once)."""
        out = [path for path in catalogue() if path not in NOT_ASSESSED and not path.startswith("ssi.") and self.fact(path) is None]
        if not self.facts.get("ssi"):
            out.append("ssi")
        return out

    def where_to_find(self) -> list[str]:
        """One line per missing fact: where on LinkedIn to find it."""
        lines = []
        for path in self.missing():
            reason = self.reasons.get(path)
            hint = WHERE_TO_FIND.get("ssi.brand" if path == "ssi" else path)
            text = "; ".join(part for part in (reason, hint) if part) or "not given by this archive; add it by hand"
            lines.append(f"{path}: {text}")
        return lines

    def with_base(self, base: dict[str, Any], base_name: str) -> ImportResult:
        """This result laid over a hand-written profile; facts only the base gives name it as source."""
        merged = merge_base(self.facts, base)
        sources = dict(self.sources)
        result = ImportResult(
            merged, sources, self.export_date, self.export_date_source, self.archive, list(self.notes), dict(self.reasons)
        )
        for path in result.found():
            sources.setdefault(path, base_name)
        for key in NOT_ASSESSED:
            if key in merged:
                sources.setdefault(key, base_name)
        return result


def merge_base(imported: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """A hand-written profile (`base`) with the imported facts laid over it, section by section.

    The archive is the fresher source, so its values replace the base's; facts it cannot give
    (photo, profile views, groups...) keep the base's value. Neither argument is changed.
    """
    merged = copy.deepcopy(base)
    for key, value in imported.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **copy.deepcopy(value)}
        else:
            merged[key] = copy.deepcopy(value)
    return merged
