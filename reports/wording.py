"""What each item of a report is called in one language: the pack's texts, looked up late.

Both renderers (and any to come) read titles and texts through this one place, so a
"measure it" step is worded the same in text, JSON and every other format.
"""

from __future__ import annotations

from ssi_advise.engine.report import Action, Report

from .phrases import phrase


class Wording:
    """The words of one report in one language."""

    def __init__(self, report: Report, language: str) -> None:
        report.texts.require(language)
        self.report = report
        self.texts = report.texts
        self.language = language

    def phrase(self, key: str, **values: object) -> str:
        """A fixed phrase of the report (heading, unit, note)."""
        return phrase(self.language, key, **values)

    def pillar(self, pillar: str) -> str:
        return self.texts.pillar(pillar, self.language)

    def measure(self, measure: str) -> str:
        return self.texts.measure(measure, self.language)

    def how(self, measure: str) -> str | None:
        return self.texts.how(measure, self.language)

    def check(self, measure: str, index: int, fact: str) -> str:
        return self.texts.check(measure, index, fact, self.language)

    def action_title(self, action: Action) -> str:
        """An advice's title, or "Measure it: …" for a measure that could not be assessed."""
        if action.kind == "measure":
            return self.phrase("measure_action_title", title=self.measure(action.measure))
        return self.texts.advice_title(action.id, self.language)

    def action_text(self, action: Action) -> str:
        """An advice's text, or where to find the missing facts."""
        if action.kind == "measure":
            return self.how(action.measure) or self.phrase("measure_action_text", facts=", ".join(action.facts))
        return self.texts.advice_text(action.id, self.language)
