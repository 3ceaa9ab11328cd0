"""Evaluating one profile: facts into durable-rules, what fired into a report.

The report holds no words of any language: a renderer looks them up in `report.texts`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .compiler import CompiledPack
from .firing import Firing, fire, fire_many
from .profile import Profile
from .report import Report
from .report_build import NO_WORDS, build_report_data


def evaluate(profile: Profile, compiled: CompiledPack) -> Report:
    """The full report for one profile: scores, how each point was earned, coverage, actions."""
    return report_from_firing(profile, compiled, fire(compiled, profile))


def evaluate_many(profiles: Sequence[Profile], compiled: CompiledPack) -> list[Report]:
    """`evaluate` for many profiles, with one durable-rules state per BATCH_LIMIT of them.

    The reports are the same as one `evaluate` each; only the engine calls are shared.
    """
    return [report_from_firing(p, compiled, f) for p, f in zip(profiles, fire_many(compiled, profiles), strict=True)]


def report_from_firing(profile: Profile, compiled: CompiledPack, firing: Firing) -> Report:
    """The report for a profile from what durable-rules decided for it: made from the report's
    data (engine/report_build.py, the one way from what fired to a report), its words those of
    the pack."""
    return Report.from_data(build_report_data(profile, compiled, firing, NO_WORDS), compiled.pack.texts)
