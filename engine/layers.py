"""The layering of packs: a pack folder on top of the pack it extends.

A layer reads its pack file and rule files into raw rules, after its parent's: it can
switch rules off (`disable`), change any field of a rule by id (`overrides`, texts merged
per language), add rules, add languages and declare facts of its own. Every raw rule
remembers where each of its fields was written, so a problem found later points at the
line that set that field; every change is logged for `rules diff`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .documents import Document, load_document
from .layer_log import FieldChange, LayerLog, RuleEntry
from .model import PILLARS, Disabled, Place, Text
from .pack_files import (DEFAULT_PACK_DIR, PACK_FILE, display_name, is_built_in, looks_like_profile, not_a_pack, pack_root, rule_file_paths)
from .problems import InputError, Problem
from .schemas import schema_errors, validate
from .suggest import did_you_mean
from .where import Where

__all__ = ["DEFAULT_PACK_DIR", "PACK_FILE", "Layer", "LayerReader", "RawRule", "Where", "display_name", "is_built_in",
           "not_a_pack", "pack_root"]

RuleKind = Literal["measure", "advice"]
# The sections of a rule file, and the kind of rule each holds.
SECTIONS: dict[str, RuleKind] = {"measures": "measure", "advice": "advice"}
_TEXT_FIELDS = ("title", "text", "how_to_measure")
PROFILE_IN_PACK = "this looks like a profile, not a rule file; keep profiles outside the pack folder"


@dataclass
class RawRule:
    """A rule as written (after overrides), before it is checked and built."""

    kind: RuleKind
    pillar: str
    data: dict[str, Any]
    where: Where


@dataclass
class DeclaredFact:
    """A fact a pack declares of its own, as written in its pack file."""

    name: str
    data: dict[str, Any]
    where: Where


@dataclass
class Layer:
    """One pack folder read on top of its parents."""

    name: str
    version: str
    description: str
    languages: tuple[str, ...]
    pillar_titles: dict[str, Text]
    rules: list[RawRule]
    root: Path
    files: list[str]
    facts: dict[str, DeclaredFact] = field(default_factory=dict)
    ignore_case: list[tuple[str, Place]] = field(default_factory=list)
    disabled: dict[str, Disabled] = field(default_factory=dict)
    history: list[LayerLog] = field(default_factory=list)
    parent_root: Path | None = None


MAX_EXTENDS = 32  # packs on top of each other: a handful is usual; the bound keeps the stack safe


class LayerReader:
    """Reads a pack folder and the packs it extends; collects every problem it can go on after."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def read(self, root: Path, chain: list[tuple[Path, str]] | None = None) -> Layer:
        """Read one pack folder, on top of the pack it extends, into raw rules."""
        chain = chain or []
        pack_doc = load_document(root / PACK_FILE)
        pack_doc.name = display_name(root, root / PACK_FILE)
        if not isinstance(pack_doc.data, dict):
            raise InputError([pack_doc.problem("the pack file must be a mapping")])
        meta = pack_doc.data
        broken = self._validate_pack_file(pack_doc)
        parent = self._parent(root, pack_doc, [*chain, (root.resolve(), str(meta["pack"]))]) if "extends" in meta else None
        if parent is None:
            _require_base_fields(pack_doc)
        languages = tuple(meta["languages"]) if "languages" in meta else parent.languages  # type: ignore[union-attr]
        layer = Layer(meta["pack"], str(meta["version"]), meta.get("description", ""), languages,
                      self._pillar_titles(pack_doc, parent, languages), [], root, [])
        log = LayerLog(layer.name, str(root), pack_doc.name, meta.get("extends"))
        if parent is not None:
            layer.rules = [RawRule(r.kind, r.pillar, r.data, r.where) for r in parent.rules]
            layer.files, layer.facts, layer.disabled = [*parent.files], dict(parent.facts), dict(parent.disabled)
            layer.ignore_case, layer.history, layer.parent_root = [*parent.ignore_case], [*parent.history], parent.root
        self._facts(pack_doc, layer, log)
        self._disable_and_override(pack_doc, layer, broken, log)
        layer.files.append(str(root / PACK_FILE))
        index = {r.data["id"] for r in layer.rules}
        for rule in self._rule_files(root, layer.files, must_exist=parent is None):
            rule_id = rule.data["id"]
            if rule_id in index:
                self.problems.append(rule.where.problem(
                    f"rule id '{rule_id}' is already defined by the pack this one extends; change it under overrides: in {PACK_FILE}",
                    ("id",), rule_id=rule_id))
            else:
                layer.rules.append(rule)
                log.added.append(RuleEntry(rule_id, rule.kind, rule.where.place(("id",))))
        layer.history.append(log)
        return layer

    def _validate_pack_file(self, pack_doc: Document) -> dict[str, list[Problem]]:
        """Schema problems of the pack file; a broken override is skipped, anything else is fatal."""
        # A wrong field inside one override does not stop the rest of the pack from being
        # checked: that override is skipped and its problems reported with all others.
        broken: dict[str, list[Problem]] = {}
        schema_problems = validate(pack_doc, "pack")
        overrides = pack_doc.data.get("overrides", {})
        for problem in schema_problems:
            rule_id = next((r for r in overrides if (problem.path or "").startswith(f"overrides.{r}.")), None)
            if rule_id is None:
                raise InputError(sorted(schema_problems, key=Problem.sort_key))
            broken.setdefault(rule_id, []).append(Problem(**{**problem.__dict__, "rule_id": rule_id}))
        self.problems += [problem for found in broken.values() for problem in found]
        return broken

    def _pillar_titles(self, pack_doc: Document, parent: Layer | None, languages: tuple[str, ...]) -> dict[str, Text]:
        meta = pack_doc.data
        pillar_titles = {p: dict(parent.pillar_titles[p]) for p in PILLARS} if parent else {p: {} for p in PILLARS}
        for pillar, entry in meta.get("pillars", {}).items():
            pillar_titles[pillar].update(entry["title"])
        for pillar in PILLARS:
            where = ("pillars", pillar, "title") if pillar in meta.get("pillars", {}) else ("languages",)
            for language in languages:
                if language not in pillar_titles[pillar]:
                    self.problems.append(pack_doc.problem(f"no '{language}' text, though the pack declares that language", where))
        return pillar_titles

    def _facts(self, pack_doc: Document, layer: Layer, log: LayerLog) -> None:
        """The facts this pack declares of its own, and the text facts it compares ignoring case."""
        for name, data in pack_doc.data.get("facts", {}).items():
            where = Where.of(pack_doc, ("facts", name))
            if name in layer.facts:
                first = layer.facts[name].where.place()
                self.problems.append(where.problem(
                    f"fact '{name}' is already declared by the pack this one extends ({first.file}:{first.line})", ()))
                continue
            layer.facts[name] = DeclaredFact(name, data, where)
            log.facts.append(RuleEntry(name, "fact", where.place()))
        for position, name in enumerate(pack_doc.data.get("ignore_case", [])):
            layer.ignore_case.append((name, Place(*pack_doc.place(("ignore_case", position)))))

    def _disable_and_override(self, pack_doc: Document, layer: Layer, broken: dict[str, list[Problem]], log: LayerLog) -> None:
        meta = pack_doc.data
        index = {r.data["id"]: r for r in layer.rules}
        for position, rule_id in enumerate(meta.get("disable", [])):
            if rule_id in index:
                rule = index.pop(rule_id)
                layer.rules.remove(rule)
                improves = rule.data.get("improves") if rule.kind == "advice" else None
                entry = Disabled(rule_id, rule.kind, Place(*pack_doc.place(("disable", position))), improves)
                layer.disabled[rule_id] = entry
                log.disabled.append(entry)
            else:
                self.problems.append(pack_doc.problem(_no_rule(rule_id, index, "disables"), ("disable", position), rule_id=rule_id))
        for rule_id, patch in meta.get("overrides", {}).items():
            if rule_id not in index:
                self.problems.append(pack_doc.problem(_no_rule(rule_id, index, "overrides"), ("overrides", rule_id), rule_id=rule_id))
            elif rule_id not in broken:
                self._override(index[rule_id], patch, pack_doc, rule_id, log)

    def _parent(self, root: Path, pack_doc: Document, chain: list[tuple[Path, str]]) -> Layer:
        """The pack `extends:` names; `chain` holds (folder, pack name) from the first pack down."""
        extends = pack_doc.data["extends"]
        parent_root = pack_root(extends) if extends == "default" else Path(os.path.normpath(root / extends))
        folders = [folder for folder, _ in chain]
        if len(chain) > MAX_EXTENDS:
            raise InputError([pack_doc.problem(f"packs extend each other more than {MAX_EXTENDS} deep", ("extends",))])
        if parent_root.resolve() in folders:
            names = [name for _, name in chain] + [chain[folders.index(parent_root.resolve())][1]]
            raise InputError([pack_doc.problem(f"the pack extends itself: {' → '.join(names)}", ("extends",))])
        problem = not_a_pack(parent_root)
        if problem:
            hint = did_you_mean(extends, ["default", *_sibling_packs(root)])
            raise InputError([pack_doc.problem(f"extends '{extends}': {problem}{hint}", ("extends",))])
        return self.read(parent_root, chain)

    def _override(self, rule: RawRule, patch: dict[str, Any], pack_doc: Document, rule_id: str, log: LayerLog) -> None:
        """Apply an override: texts merge per language, every other field is replaced."""
        merged = dict(rule.data)
        for key, value in patch.items():
            if key in _TEXT_FIELDS and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        if "bands" in patch:
            merged.pop("checks", None)
        if "checks" in patch:
            merged.pop("bands", None)
            merged.pop("fact", None)
        if "effort_minutes_per_week" in patch:  # an advice is priced weekly or once, never both
            merged.pop("effort_minutes_once", None)
        if "effort_minutes_once" in patch:
            merged.pop("effort_minutes_per_week", None)
        where = rule.where.overridden(pack_doc, ("overrides", rule_id), set(patch))
        errors = schema_errors(merged, f"rules#/$defs/{rule.kind}")
        for path, message in errors:
            self.problems.append(where.problem(message, path, rule_id=rule_id))
        if errors:  # a broken merge is reported, and the rule is checked as it was
            return
        for key in patch:
            log.overridden.append(FieldChange(rule_id, key, rule.data.get(key), merged[key], where.place((key,))))
        rule.data, rule.where = merged, where

    def _rule_files(self, root: Path, files: list[str], must_exist: bool) -> list[RawRule]:
        rules: list[RawRule] = []
        paths = rule_file_paths(root)
        if not paths and must_exist:
            raise InputError.single("the pack has no rule files (*.yaml beside pack.yaml)", file=str(root))
        for path in paths:
            files.append(str(path))
            document = self._rule_document(root, path)
            if document is None:
                continue
            pillar = document.data["pillar"]
            for section, kind in SECTIONS.items():
                for position, raw in enumerate(document.data.get(section, [])):
                    rules.append(RawRule(kind, pillar, raw, Where.of(document, (section, position))))
        return rules

    def _rule_document(self, root: Path, path: Path) -> Document | None:
        """A rule file read and checked against its schema; None (problems noted) when it is not."""
        try:
            document = load_document(path)
        except InputError as error:
            self.problems += error.problems
            return None
        document.name = display_name(root, path)
        if not isinstance(document.data, dict):
            self.problems.append(document.problem("a rule file must be a mapping"))
            return None
        schema_problems = validate(document, "rules")
        if schema_problems and looks_like_profile(document.data):
            self.problems.append(document.problem(PROFILE_IN_PACK))
            return None
        if schema_problems:
            self.problems += [_with_rule_id(document, p) for p in schema_problems]
            return None
        return document


def _require_base_fields(pack_doc: Document) -> None:
    """A pack that extends nothing must declare its languages and every pillar."""
    meta = pack_doc.data
    for key in ("languages", "pillars"):
        if key not in meta:
            raise InputError([pack_doc.problem(f"'{key}' is required (or extend another pack)")])
    missing = [p for p in PILLARS if p not in meta["pillars"]]
    if missing:
        raise InputError([pack_doc.problem(f"'{p}' is required", ("pillars",)) for p in missing])


def _sibling_packs(root: Path) -> list[str]:
    """Pack folders beside this one, as `extends:` would name them."""
    try:
        return [f"../{p.name}" for p in sorted(root.resolve().parent.iterdir()) if not_a_pack(p) is None and p != root.resolve()]
    except OSError:
        return []


def _no_rule(rule_id: str, index: dict[str, RawRule], verb: str) -> str:
    return f"{verb} '{rule_id}', which is no rule of the pack this one extends{did_you_mean(rule_id, index)}"


def _with_rule_id(document: Document, problem: Problem) -> Problem:
    """Attach the id of the rule a schema problem sits in, when it has one."""
    parts = (problem.path or "").replace("[", ".[").split(".")
    if len(parts) >= 2 and parts[0] in SECTIONS:
        index = int(parts[1].strip("[]"))
        items = document.data.get(parts[0])
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            rule_id = items[index].get("id")
            if isinstance(rule_id, str):
                return Problem(**{**problem.__dict__, "rule_id": rule_id})
    return problem
