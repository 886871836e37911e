"""One text normalization used everywhere: what people type -> comparable words.

NFKC, case folding, accents dropped, punctuation to spaces, whitespace collapsed, and the
knowledge base's synonyms and abbreviations folded to one canonical spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

MAX_INPUT_CHARS = 2000  # longer input is cut before any matching, so no input makes a turn slow
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_POSSESSIVE = re.compile(r"(?<=[a-z])['\u2019]s\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Terminal escape sequences (CSI and two-character), other control characters (C1 ones too,
# such as a raw 0x9b read under the C locale, which arrives as a lone surrogate), and the
# bidirectional controls that reorder what a line seems to say.
_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
    r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def combined(group: Iterable[Iterable[str]]) -> list[str]:
    """Every phrase of one item from each list, in order: [["show me", "give me"], ["the
    list", "the options"]] gives "show me the list", "show me the options", "give me the list" ..."""
    made = [""]
    for part in group:
        made = [f"{m} {p}".strip() for m in made for p in part]
    return made


def strip_control(text: str, replacement: str = "") -> str:
    """Text that cannot move the cursor, change colours or ring a bell in a terminal."""
    return _CONTROL.sub(replacement, text)


def fold(text: str) -> str:
    """Unicode-normalize, casefold, drop accents, punctuation to spaces; no synonyms."""
    if text.isascii():  # the common case, and NFKC/NFKD change nothing in it
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per knowledge base
class Synonyms:
    """Variant phrases (already folded) mapped to their canonical phrase."""

    table: Mapping[str, str] = field(default_factory=dict)
    # first word -> (variant words, canonical), longest variant first
    _index: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> Synonyms:
        table: dict[str, str] = {}
        for variant, canonical in pairs:
            v, c = fold(variant), fold(canonical)
            if v and v != c:
                table[v] = c
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for v in sorted(table, key=lambda v: len(v.split()), reverse=True):
            words = tuple(v.split())
            index.setdefault(words[0], []).append((words, table[v]))
        return cls(table, {k: tuple(v) for k, v in index.items()})

    def apply(self, folded: str) -> str:
        """Replace whole-word variants, longest first, left to right, until nothing changes
        (so "how many yrs" becomes "how many years", then "duration")."""
        for _ in range(3):
            replaced = self._apply_once(folded)
            if replaced == folded:
                break
            folded = replaced
        return folded

    def _apply_once(self, folded: str) -> str:
        words = folded.split()
        out: list[str] = []
        i = 0
        while i < len(words):
            for variant, canonical in self._index.get(words[i], ()):
                if tuple(words[i : i + len(variant)]) == variant:
                    out.append(canonical)
                    i += len(variant)
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


NO_SYNONYMS = Synonyms()


@lru_cache(maxsize=16384)
def normalize(text: str, synonyms: Synonyms = NO_SYNONYMS) -> str:
    """The form every matcher compares: folded text with synonyms made canonical."""
    return synonyms.apply(fold(text))


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+|(?<=\?)(?=\S)")


def sentences(text: str) -> list[str]:
    """The sentences of a message (a long post's life story and its questions apart)."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]
