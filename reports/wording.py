"""What each item of a report is called in one language: the pack's texts, looked up late.

Both renderers (and any to come) read titles and texts through this one place, so a
"measure it" step is worded the same in text, JSON and every other format.
"""

from __future__ import annotations

import re
from typing import Any

from ssi_advise.engine.facts import catalogue
from ssi_advise.engine.report import Action
from ssi_advise.engine.texts import Texts

from .phrases import phrase
from .values import shown


class Wording:
    """The words of one report in one language."""

    def __init__(self, texts: Texts, language: str) -> None:
        texts.require(language)
        self.texts = texts
        self.language = language

    def phrase(self, key: str, **values: object) -> str:
        """A fixed phrase of the report (heading, unit, note)."""
        return phrase(self.language, key, **values)

    def pillar(self, pillar: str) -> str:
        return self.texts.pillar(pillar, self.language)

    def pillar_with_english(self, pillar: str) -> str:
        """The pillar's title, with the English name LinkedIn's SSI page shows beside it."""
        title = self.pillar(pillar)
        english = self.texts.pillars[pillar].get("en")
        return f"{title} ({english})" if english and english != title else title

    def number(self, value: float) -> str:
        """A score or a count: whole numbers plain, others to one decimal, in the language's style."""
        text = f"{value:.1f}" if value != int(value) else f"{int(value)}"
        return text.replace(".", self.phrase("decimal"))

    def decimals(self, text: str) -> str:
        """Decimal points inside a text (a band such as `0.5–1`) in the language's style."""
        return re.sub(r"(?<=\d)\.(?=\d)", self.phrase("decimal"), text)

    def value(self, fact: str, value: Any) -> str:
        """A fact's value as a person reads it: ✓/✗, a rate as a percentage, numbers in the language's style."""
        return shown(value, self.phrase("not_given"), self.is_rate(fact), self.phrase("decimal"))

    def is_rate(self, fact: str) -> bool:
        """Whether a fact is a share from 0 to 1, shown as a percentage (built in, or the pack's own)."""
        spec = catalogue().get(fact)
        return fact in self.texts.rates or spec is not None and spec.scale == "rate"

    def measure(self, measure: str) -> str:
        return self.texts.measure(measure, self.language)

    def how(self, measure: str) -> str | None:
        return self.texts.how(measure, self.language)

    def why(self, measure: str) -> str | None:
        """Why a measure is scored as it is, with its sources (the pack's own words, one language)."""
        return self.texts.why.get(measure) or None

    def check(self, measure: str, index: int, fact: str) -> str:
        return self.texts.check(measure, index, fact, self.language)

    def action_title(self, action: Action) -> str:
        """An advice's title, or "Measure it: …" for a measure that could not be assessed."""
        return self.step_title(action.kind, action.id, action.measure)

    def action_text(self, action: Action) -> str:
        """An advice's text, or where to find the missing facts."""
        return self.step_text(action.kind, action.id, action.measure, action.facts)

    def step_title(self, kind: str, action_id: str, measure: str) -> str:
        """`action_title` of an action of this kind, id and measure."""
        if kind == "measure":
            return self.phrase("measure_action_title", title=self.measure(measure))
        return self.texts.advice_title(action_id, self.language)

    def step_text(self, kind: str, action_id: str, measure: str, facts: list[str]) -> str:
        """`action_text` of an action of this kind, id and measure, working on `facts`."""
        if kind == "measure":
            return self.how(measure) or self.phrase("measure_action_text", facts=", ".join(facts))
        return self.texts.advice_text(action_id, self.language)
