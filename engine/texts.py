"""The pack's words a report shows, per language, kept apart from the numbers.

Evaluation produces language-neutral results (ids, numbers, fact values, bands); a
renderer looks the words up here in whichever language it is asked for, so one evaluation
renders in every language the pack speaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import InputError

Text = dict[str, str]


@dataclass(slots=True)
class Texts:
    """Titles and texts by rule id, each a mapping from language to words."""

    languages: tuple[str, ...]
    pack_name: str = ""
    pillars: dict[str, Text] = field(default_factory=dict)
    measures: dict[str, Text] = field(default_factory=dict)
    how_to_measure: dict[str, Text] = field(default_factory=dict)
    # Per measure of checks, each check's title (None: the check is called by its fact).
    checks: dict[str, list[Text | None]] = field(default_factory=dict)
    advice_titles: dict[str, Text] = field(default_factory=dict)
    advice_texts: dict[str, Text] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    # The pack's own facts that are shares from 0 to 1, shown as percentages as the built-in
    # ones are (their bands already are).
    rates: frozenset[str] = frozenset()
    # Read back from a JSON report, which holds the words of one language only.
    from_json: bool = False

    def require(self, language: str) -> None:
        """Raise InputError unless the texts exist in `language`."""
        if language not in self.languages:
            if self.from_json:
                raise InputError.single(
                    f"language '{language}': this was saved as a JSON report in {', '.join(self.languages)}, and holds "
                    f"no other language's texts; make it again from the profile with --lang {language}"
                )
            raise InputError.single(
                f"language '{language}': the pack '{self.pack_name}' has texts in {', '.join(self.languages)} only"
            )

    def pillar(self, pillar: str, language: str) -> str:
        """A pillar's title."""
        return self.pillars[pillar][language]

    def measure(self, measure: str, language: str) -> str:
        """A measure's title."""
        return self.measures[measure][language]

    def how(self, measure: str, language: str) -> str | None:
        """Where to find a measure's facts on LinkedIn, when the pack says."""
        found = self.how_to_measure.get(measure)
        return found.get(language) if found else None

    def check(self, measure: str, index: int, fact: str, language: str) -> str:
        """A check's title, or the last part of its fact's name when the pack gives none."""
        titles = self.checks.get(measure)
        title = titles[index] if titles and index < len(titles) else None
        return title[language] if title else fact.rsplit(".", 1)[-1]

    def advice_title(self, advice: str, language: str) -> str:
        """An advice's title."""
        return self.advice_titles[advice][language]

    def advice_text(self, advice: str, language: str) -> str:
        """An advice's text."""
        return self.advice_texts[advice][language]
