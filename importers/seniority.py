"""Telling senior connections and colleagues apart, with word lists a coach can edit.

The lists live in `seniority.yaml` beside this module; `load_seniority(path)` reads another
file of the same shape. Titles and company names are compared by whole words, case ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ssi_advise.engine.documents import Document, load_document
from ssi_advise.engine.problems import InputError, Problem, raise_if_errors

DEFAULT_SENIORITY = Path(__file__).resolve().parent / "seniority.yaml"
_WORD = r"[^\W_]"  # a letter or digit in any script


@dataclass(frozen=True)
class Seniority:
    """Compiled word lists: which job titles are senior, how company names normalise."""

    senior: re.Pattern[str]
    not_senior: re.Pattern[str] | None
    suffixes: frozenset[str]
    source: str

    def is_senior(self, title: str) -> bool:
        """Whether a job title names a decision maker (director and above, owner, founder)."""
        if not title or self.senior.search(title) is None:
            return False
        if self.not_senior is not None:
            return self.senior.search(self.not_senior.sub(" ", title)) is not None
        return True

    def company_key(self, company: str) -> str:
        """A company name as compared: case, punctuation and trailing legal forms ignored."""
        words = company.casefold().replace(",", " ").split()
        while len(words) > 1 and words[-1] in self.suffixes:
            words.pop()
        return " ".join(word.strip(".,;:()&-") for word in words if word.strip(".,;:()&-"))


def _phrases(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    # Longest first, so "managing director" is tried before "director".
    alternatives = sorted({re.escape(word.strip()).replace(r"\ ", r"\s+") for word in words if word.strip()}, key=len, reverse=True)
    return re.compile(rf"(?<!{_WORD})(?:{'|'.join(alternatives)})(?!{_WORD})", re.IGNORECASE)


def _strings(document: Document, at: tuple[str, ...], problems: list[Problem]) -> list[str]:
    node: object = document.data
    for key in at:
        node = node.get(key) if isinstance(node, dict) else None
    if node is None:
        return []
    if isinstance(node, dict):
        out: list[str] = []
        for language in node:
            out += _strings(document, (*at, str(language)), problems)
        return out
    if not isinstance(node, list) or not all(isinstance(item, str) and item.strip() for item in node):
        problems.append(document.problem("must be a list of words or phrases (text)", at))
        return []
    return [item.strip() for item in node]


def load_seniority(source: str | Path | None = None) -> Seniority:
    """Read the word lists (default: the shipped seniority.yaml); InputError when malformed."""
    document = load_document(source or DEFAULT_SENIORITY)
    if not isinstance(document.data, dict):
        raise InputError([document.problem("must be a mapping with senior_titles, not_senior and legal_suffixes")])
    problems: list[Problem] = []
    unknown = sorted(set(document.data) - {"senior_titles", "not_senior", "legal_suffixes"})
    for key in unknown:
        problems.append(document.problem("unknown key; expected senior_titles, not_senior or legal_suffixes", (key,)))
    senior = _strings(document, ("senior_titles",), problems)
    if not senior and not problems:
        problems.append(document.problem("senior_titles must list at least one word", ("senior_titles",)))
    not_senior = _strings(document, ("not_senior",), problems)
    suffixes = _strings(document, ("legal_suffixes",), problems)
    raise_if_errors(problems)
    pattern = _phrases(senior)
    assert pattern is not None  # senior is not empty
    return Seniority(pattern, _phrases(not_senior), frozenset(word.casefold() for word in suffixes), document.name)
