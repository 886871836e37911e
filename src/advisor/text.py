"""One text normalization used everywhere: what people type -> comparable words.

NFKC, case folding, accents dropped, punctuation to spaces, whitespace collapsed, and the
knowledge base's synonyms and abbreviations folded to one canonical spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_POSSESSIVE = re.compile(r"(?<=[a-z])['\u2019]s\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Terminal escape sequences (CSI and two-character) and other control characters.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str, replacement: str = "") -> str:
    """Text that cannot move the cursor, change colours or ring a bell in a terminal."""
    return _CONTROL.sub(replacement, text)


def fold(text: str) -> str:
    """Unicode-normalize, casefold, drop accents, punctuation to spaces; no synonyms."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class Synonyms:
    """Variant phrases (already folded) mapped to their canonical phrase."""

    table: Mapping[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> Synonyms:
        table: dict[str, str] = {}
        for variant, canonical in pairs:
            v, c = fold(variant), fold(canonical)
            if v and v != c:
                table[v] = c
        if not table:
            return cls(table)
        # Longest variants first, so "machine learning engineer" wins over "ml".
        alternation = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
        return cls(table, re.compile(rf"(?<![0-9a-z])(?:{alternation})(?![0-9a-z])"))

    def apply(self, folded: str) -> str:
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self.table[m.group(0)], folded)


NO_SYNONYMS = Synonyms()


def normalize(text: str, synonyms: Synonyms = NO_SYNONYMS) -> str:
    """The form every matcher compares: folded text with synonyms made canonical."""
    return synonyms.apply(fold(text))


def words(text: str) -> list[str]:
    """The words of an already normalized text."""
    return text.split()
