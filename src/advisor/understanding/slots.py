"""Profile slots from free text: what someone typed in the interview -> {slot: value}.

Pure (no I/O). The vocabulary is knowledge/slot_values.yaml, parsed by the caller and
compiled with `SlotVocabulary.from_data`. How a text is read:
1. Capitalized abbreviations are rewritten ("IT" -> information technology, "US" -> usa),
   the text is cut into clauses at punctuation, each clause is folded (advisor.understanding.text.fold)
   and words of 5+ letters with a typo are replaced by the nearest vocabulary word.
2. Phrases are found on whole words, longest first. A negation word up to three words
   before a value cancels it ("not online, on campus" -> on-campus).
3. One value per slot: the last one said wins, which also honours corrections ("online,
   actually hybrid"). Several US regions without a correction give "us". Interests collect.
4. Programming and math: a skill phrase ("never coded", "math degree") wins; otherwise a
   level word is linked to the nearest subject word ("good at math, rusty in python").
5. `asking` (the slot being asked) lets bare answers count: "basic" or "no" for a skill,
   "math" for field, "us" for region, a plain number for budget, and "doesn't matter"
   (any / no limit / no interests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from advisor.domain import SLOTS
from advisor.understanding.analysis import Analysis, Clause, CueIndex, analyse, cue_index
from advisor.understanding.money import CHEAPEST, MoneyWords, money_period, parse_money_at, said
from advisor.understanding.text import fold

CHOICE_SLOTS = ("field", "goal", "interests", "format", "pace", "region", "residency")
SKILL_SLOTS = ("programming", "math")
ANY_SLOTS = ("format", "pace", "region")
SET_SLOTS = {"format": "formats", "region": "regions", "pace": ""}  # "" : several mean any
ANY, IGNORE, MONEY, LEVEL, SUBJECT, NEGATION, CORRECTION, ALTERNATIVE = (
    "_any",
    "_ignore",
    "_money",
    "_level",
    "_subject",
    "_negation",
    "_correction",
    "_alternative",
)
_ALIASES = {"budget": "budget_usd", "interest": "interests"}
_CLAUSE_BREAK = re.compile(r"[;!?\n()\[\]]+|(?<!\b[A-Za-z])\.(?!\d)|(?<!\d),|,(?!\d)|\s[-\u2013\u2014]+\s")

Index = Mapping[str, tuple["Entry", ...]]  # first word -> entries starting with it


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    slot: str  # a profile slot, or one of the _markers above
    value: str
    place: bool = False  # a country, state or city (slot region), not a region's own name


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    entry: Entry


def _texts(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f'{where}: expected a list of phrases (quote words like "no")')
    return list(value)


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping | None):
        raise ValueError(f"{where}: expected a mapping")
    return {str(k): v for k, v in (value or {}).items()}


def _table(value: object, where: str) -> dict[str, list[str]]:
    return {k: _texts(v, f"{where}.{k}") for k, v in _mapping(value, where).items()}


def _tables(value: object, where: str) -> dict[str, dict[str, list[str]]]:
    return {k: _table(v, f"{where}.{k}") for k, v in _mapping(value, where).items()}


_FOLDED = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def _entries(phrases: Iterable[str], slot: str, value: str = "", place: bool = False) -> list[Entry]:
    return [Entry(tuple(f.split()), slot, value, place) for p in phrases if (f := fold(p))]


def _index(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    index: dict[str, list[Entry]] = {}
    for e in entries:
        index.setdefault(e.words[0], []).append(e)
    return {k: tuple(v) for k, v in index.items()}


@dataclass(frozen=True)
class SlotVocabulary:
    """slot_values.yaml compiled for matching (see that file for what each part means)."""

    claims: Index  # choice-slot values plus phrases that fill nothing (any, ignore, money)
    when_asked: Mapping[str, Index]  # slot -> phrases that count only when it is asked
    skills: Index  # programming and math phrases
    scales: Index  # level words and subject words
    negations: Index
    corrections: Index
    connectors: frozenset[str]
    abbreviations: tuple[tuple[re.Pattern[str], str], ...]
    money: MoneyWords
    known: frozenset[str]
    typo_choices: Mapping[str, tuple[str, ...]]  # first letter -> words that typos may become
    typo_min_length: int
    typo_cutoff: float
    never_correct: frozenset[str]
    negated_level: str  # what "not that strong", "no expert" mean
    level_order: tuple[str, ...]  # the skill levels, lowest first, as `levels` lists them
    prevails: Mapping[str, tuple[str, ...]]  # slot -> values that win when several are named
    lesser_subjects: frozenset[str]  # subjects whose top level says less ("SQL every day": basic)
    negated_skill: Mapping[str, str]  # a skill phrase's level -> what it means negated ("never did calc")
    hints: Mapping[str, Index]  # slot -> words that suggest a value of the slot asked
    alternatives: Index  # "or", "either", "ok too": several values of one slot are all accepted
    values_of: Mapping[str, tuple[str, ...]]  # slot -> its values (without "any"), as listed
    degree_cues: frozenset[str]  # words next to a field that make it the degree ("studied", "major")
    parts: Mapping[str, Index]  # every part above by name, as `occurrences` finds them
    cues: CueIndex  # where a place is said: as where the person would study, or about them
    scope_stops: frozenset[str]  # words a negation does not reach past ("not online but hybrid")
    conditions: frozenset[str]  # words that open a condition ("if anything is in person")
    negation_lists: frozenset[str]  # words that carry a negation along a list ("no robotics or vision")

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> SlotVocabulary:
        """Compile the parsed YAML; raise ValueError naming the part that is malformed."""
        claims = [
            e
            for slot, table in _tables(data.get("slots"), "slots").items()
            for value, phrases in table.items()
            for e in _entries(phrases, slot, value)
        ]
        any_phrases = _texts(data.get("any"), "any")
        money_data, fuzzy = _mapping(data.get("money"), "money"), _mapping(data.get("fuzzy"), "fuzzy")
        claims += _entries(any_phrases, ANY) + _entries(_texts(data.get("ignore"), "ignore"), IGNORE)
        places = _mapping(data.get("places"), "places")
        claims += [
            e
            for region, names in _table(places.get("regions"), "places.regions").items()
            for e in _entries(names, "region", region, place=True)
        ]
        # The gazetteer's names (merged in by the knowledge loader from gazetteer.yaml): places
        # like the short lists', but too many to be targets of typo correction.
        gazetteer = [  # written folded by the fit; folded again only when not
            Entry(tuple((n if _FOLDED.fullmatch(n) else fold(n)).split()), "region", region, True)
            for region, names in _table(places.get("gazetteer_names"), "places.gazetteer_names").items()
            for n in names
            if n.strip()
        ]
        for key in ("no_limit", "cheapest", "cues"):
            claims += _entries(said(money_data, key), MONEY)
        # a currency named after a place says nothing about where to study: "US dollars",
        # "Canadian dollars", "Hong Kong dollars" (the money parser reads them as currencies)
        table = money_data.get("currencies") or {}
        named = [
            s
            for spellings in (table.values() if isinstance(table, Mapping) else ())
            if isinstance(spellings, list | tuple)
            for s in spellings
            if isinstance(s, str) and " " in s.strip()
        ]
        # ... also as the abbreviations write them ("US dollars" is read "usa dollars")
        short = {
            str(k).lower(): str(v) for k, v in _mapping(data.get("abbreviations"), "abbreviations").items()
        }
        named += [" ".join(short.get(w, w) for w in s.lower().split()) for s in named]
        claims += _entries(named, IGNORE)
        asked: dict[str, list[Entry]] = {}
        for slot, table in _tables(data.get("when_asked"), "when_asked").items():
            for value, phrases in table.items():
                asked.setdefault(slot, []).extend(_entries(phrases, slot, value))
        frames = _texts(data.get("field_frames"), "field_frames")
        for value, subjects in _table(data.get("field_framed"), "field_framed").items():
            claims += _entries((f.replace("{}", s) for f in frames for s in subjects), "field", value)
            asked.setdefault("field", []).extend(_entries(subjects, "field", value))
        skills = [
            e
            for slot in SKILL_SLOTS
            for value, phrases in _table(data.get(slot), slot).items()
            for e in _entries(phrases, slot, value)
        ]
        scales = [
            e
            for value, phrases in _table(data.get("levels"), "levels").items()
            for e in _entries(phrases, LEVEL, value)
        ]
        scales += [
            e
            for slot, phrases in _table(data.get("subjects"), "subjects").items()
            for e in _entries(phrases, SUBJECT, slot)
        ]
        negations = _entries(_texts(data.get("negations"), "negations"), NEGATION)
        correction_texts = _texts(data.get("corrections"), "corrections")
        corrections = _entries(correction_texts, CORRECTION)
        connectors = frozenset(fold(c) for c in _texts(data.get("connectors"), "connectors"))
        abbreviations = tuple(
            (re.compile(rf"(?<![A-Za-z0-9]){re.escape(str(k))}(?![A-Za-z0-9])"), f" {v} ")
            for k, v in _mapping(data.get("abbreviations"), "abbreviations").items()
        )
        negated_skill = _mapping(data.get("negated_skill"), "negated_skill")
        hints = {
            slot: _index(e for value, phrases in table.items() for e in _entries(phrases, slot, value))
            for slot, table in _tables(data.get("hints"), "hints").items()
        }
        alternatives = _entries(_texts(data.get("alternatives"), "alternatives"), ALTERNATIVE)
        every = (
            claims
            + skills
            + scales
            + negations
            + corrections
            + alternatives
            + [e for v in asked.values() for e in v]
            + [e for index in hints.values() for v in index.values() for e in v]
        )
        known = frozenset(w for e in every for w in e.words) | connectors
        min_length, cutoff = fuzzy.get("min_length", 5), fuzzy.get("cutoff", 85)
        if not isinstance(min_length, int) or not isinstance(cutoff, int | float):
            raise ValueError("fuzzy: min_length and cutoff must be numbers")
        choices: dict[str, list[str]] = {}
        for word in sorted(known):
            if len(word) >= min_length and word.isalpha():
                choices.setdefault(word[0], []).append(word)
        known |= frozenset(w for e in gazetteer for w in e.words)
        claims += gazetteer
        parts = {
            "claims": _index(claims),
            "skills": _index(skills),
            "scales": _index(scales),
            "negations": _index(negations),
            "corrections": _index(corrections),
            "alternatives": _index(alternatives),
        }
        parts |= {f"asked:{k}": _index(v) for k, v in asked.items()}
        parts |= {f"hints:{k}": v for k, v in hints.items()}
        return cls(
            claims=parts["claims"],
            when_asked={k: _index(v) for k, v in asked.items()},
            skills=parts["skills"],
            scales=parts["scales"],
            negations=parts["negations"],
            corrections=parts["corrections"],
            connectors=connectors,
            abbreviations=abbreviations,
            money=MoneyWords.from_data(
                money_data, correction_texts, any_phrases, _texts(data.get("ignore"), "ignore")
            ),
            known=known,
            typo_choices={k: tuple(v) for k, v in choices.items()},
            typo_min_length=min_length,
            typo_cutoff=float(cutoff),
            negated_level=str(data.get("negated_level") or "basic"),
            level_order=tuple(str(k) for k in _table(data.get("levels"), "levels")),
            prevails={k: tuple(map(str, v)) for k, v in _table(data.get("prevails"), "prevails").items()},
            lesser_subjects=frozenset(
                fold(w) for w in _texts(data.get("lesser_subjects"), "lesser_subjects")
            ),
            negated_skill={k: str(v) for k, v in negated_skill.items()},
            never_correct=frozenset(fold(w) for w in _texts(fuzzy.get("never_correct"), "fuzzy")),
            hints=hints,
            alternatives=parts["alternatives"],
            parts=parts,
            cues=cue_index(
                {
                    "place_background": _texts(places.get("background"), "places.background"),
                    "place_study": _texts(places.get("study"), "places.study"),
                    "place_near": _texts(places.get("near"), "places.near"),
                }
            ),
            scope_stops=connectors,
            conditions=frozenset(fold(w) for w in _texts(data.get("conditions"), "conditions")),
            negation_lists=frozenset(fold(w) for w in _texts(data.get("negation_lists"), "negation_lists")),
            degree_cues=frozenset(fold(w) for w in _texts(data.get("degree_cues"), "degree_cues")),
            values_of={
                slot: tuple(v for v in table if v != "any")
                for slot, table in _tables(data.get("slots"), "slots").items()
            },
        )


def occurrences(words: Sequence[str], vocab: SlotVocabulary) -> dict[str, tuple[Found, ...]]:
    """Every occurrence of every phrase of each part of the vocabulary (for `analyse`)."""
    found: dict[str, tuple[Found, ...]] = {}
    for name, index in vocab.parts.items():
        hits = tuple(
            Found(i, i + len(e.words), e)
            for i, w in enumerate(words)
            for e in index.get(w, ())
            if tuple(words[i : i + len(e.words)]) == e.words
        )
        if hits:
            found[name] = hits
    return found


def said_negations(found: Mapping[str, Sequence[Found]]) -> list[Found]:
    """The negations of a clause that are not part of a longer phrase ("no idea", "not only")."""
    hits = [*found.get("claims", ()), *found.get("negations", ())]
    return [h for h in _pick(hits) if h.entry.slot == NEGATION]


def _pick(hits: Iterable[Found], prefer: str | None = None) -> list[Found]:
    """Phrase occurrences, longest first without overlaps (the same span may fill two slots,
    unless one of them is the preferred, i.e. asked, slot)."""
    found = list(hits)
    found.sort(key=lambda h: (h.start - h.end, h.entry.slot != prefer, h.start))
    taken: list[Found] = []
    for h in found:
        clash = [t for t in taken if h.start < t.end and t.start < h.end]
        if all((t.start, t.end) == (h.start, h.end) and t.entry.slot != prefer for t in clash):
            taken.append(h)
    return sorted(taken, key=lambda h: h.start)


def _covered(hits: Iterable[Found]) -> set[int]:
    return {i for h in hits for i in range(h.start, h.end)}


def _fix_typo(word: str, vocab: SlotVocabulary) -> str:
    if (
        len(word) < vocab.typo_min_length
        or not word.isalpha()
        or word in vocab.known
        or word in vocab.never_correct
    ):
        return word
    choices = vocab.typo_choices.get(word[0], ())
    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=vocab.typo_cutoff)
    if best is not None:
        return str(best[0])
    for choice in choices:  # two neighbouring letters swapped: "pyhton", "hybird"
        diff = [i for i, (a, b) in enumerate(zip(word, choice, strict=False)) if a != b]
        if (
            len(choice) == len(word)
            and len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == choice[diff[1]]
            and word[diff[1]] == choice[diff[0]]
        ):
            return choice
    return word


def clauses(text: str, vocab: SlotVocabulary) -> list[list[str]]:
    """The text as clauses of folded, typo-corrected words."""
    whole = text.strip(" .!")
    for pattern, replacement in vocab.abbreviations:
        if text != text.upper() or pattern.fullmatch(whole):  # "IT" alone is the field
            text = pattern.sub(replacement, text)
    return [
        [_fix_typo(w, vocab) for w in words]
        for part in _CLAUSE_BREAK.split(text)
        if (words := fold(part).split())
    ]


def _level_as_meant(hit: Found, negations: list[Found], negated_level: str) -> Found:
    """A level word right after a negation ("not that strong", "no expert") means negated_level."""
    if hit.entry.slot == LEVEL and any(n.end <= hit.start <= n.end + 1 for n in negations):
        return Found(hit.start, hit.end, Entry(hit.entry.words, LEVEL, negated_level))
    return hit


@dataclass
class _Segment:
    levels: list[Found]
    subjects: list[Found]
    busy: bool  # holds another slot's value


def _segments(
    words: list[str], scales: list[Found], values: list[Found], connectors: frozenset[str]
) -> list[_Segment]:
    inside = _covered(scales)
    cuts = [-1] + [i for i, w in enumerate(words) if w in connectors and i not in inside] + [len(words)]
    return [
        _Segment(
            [h for h in scales if a < h.start < b and h.entry.slot == LEVEL],
            [h for h in scales if a < h.start < b and h.entry.slot == SUBJECT],
            any(a < v.start < b for v in values),
        )
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def _pair_levels(
    segments: list[_Segment],
    asking: str,
    best: Callable[[str, str], str],
    cap: Callable[[tuple[str, ...], str], str] = lambda _, level: level,  # (subjects named, level)
) -> dict[str, str]:
    """Link each level word to the nearest subject word of its part of the sentence; a skill
    given two levels in one message keeps the one `best` keeps."""
    result: dict[str, str] = {}
    pending: list[str] = []  # skills named in the previous part without a level
    previous: str | None = None  # the level said in the previous part
    for seg in segments:
        if not seg.subjects and not seg.levels and not seg.busy:
            continue  # "python last year | through an online course | basic": python is basic
        pairs = sorted(
            (abs(s.start - lv.start), s.start > lv.start, li, s.entry.value)
            for li, lv in enumerate(seg.levels)
            for s in seg.subjects
        )
        chosen: dict[str, int] = {}
        for _, _, li, slot in pairs:
            if slot not in chosen and li not in chosen.values():
                chosen[slot] = li
        named = {
            slot: tuple(" ".join(s.entry.words) for s in seg.subjects if s.entry.value == slot)
            for slot in chosen
        }
        levels = {slot: cap(named[slot], seg.levels[li].entry.value) for slot, li in chosen.items()}
        free = [lv for li, lv in enumerate(seg.levels) if li not in chosen.values()]
        if free and not seg.subjects:
            target = pending[-1] if pending else asking if asking in SKILL_SLOTS and not seg.busy else None
            if target:
                levels[target] = free[-1].entry.value
        if seg.subjects and not seg.levels and previous:  # "good at python and math"
            levels.update({s.entry.value: previous for s in seg.subjects})
        result.update({k: best(result[k], v) if k in result else v for k, v in levels.items()})
        pending = [s.entry.value for s in seg.subjects if s.entry.value not in levels]
        previous = seg.levels[-1].entry.value if seg.levels else None
    return result


def _shared_skill(words: list[str], skills: list[Found], scales: list[Found]) -> list[tuple[str, str]]:
    """ "good at python and math": the other subject right after "and" gets the same level."""
    out = []
    for skill in skills:
        for subject in scales:
            own_level = any(
                lv.entry.slot == LEVEL and subject.end <= lv.start <= subject.end + 3 for lv in scales
            )
            if (
                subject.entry.slot == SUBJECT
                and subject.entry.value != skill.entry.slot
                and subject.start == skill.end + 1
                and words[skill.end] == "and"
                and not own_level
            ):
                out.append((subject.entry.value, skill.entry.value))
    return out


def _outrun(skill: Found, claims: list[Found]) -> bool:
    """A skill phrase inside a longer ignored phrase, or cut off by a slot value that goes on
    past it: "high school math" in "a high school math teacher" is a job, not a math level."""

    def inside(c: Found) -> bool:
        return c.start <= skill.start and skill.end <= c.end and c.end - c.start > skill.end - skill.start

    return any(
        (c.entry.slot == IGNORE and inside(c))
        or (c.entry.slot in SLOTS and skill.start < c.start < skill.end < c.end)
        for c in claims
    )


def _names_degree(words: Sequence[str], hit: Found, cues: frozenset[str]) -> bool:
    """A degree word among the three words before a field value or the two after it."""
    near = list(words[max(0, hit.start - 3) : hit.start]) + list(words[hit.end : hit.end + 2])
    return any(w in cues for w in near) or any(w in cues for w in hit.entry.words)


def _all_but(slot: str, ruled_out: list[str], vocab: SlotVocabulary) -> dict[str, object]:
    """The values of a slot left when some are ruled out: one is the answer, several a set."""
    if not ruled_out:
        return {}
    left = [
        v
        for v in vocab.values_of.get(slot, ())
        if not any(v == r or (r == "us" and v.startswith("us-")) for r in ruled_out)
    ]
    if len(left) == 1:
        return {slot: left[0]}
    if not left:
        return {}
    return {slot: "any", SET_SLOTS[slot]: left} if SET_SLOTS[slot] else {slot: "any"}


def _accepted(slot: str, values: list[str]) -> list[str]:
    """The distinct values named for a slot, a US region inside "us" counted once."""
    distinct = list(dict.fromkeys(values))
    if slot == "region" and "us" in distinct and any(v.startswith("us-") for v in distinct):
        distinct.remove("us")
    return distinct


def _choose(
    slot: str,
    values: list[str],
    corrected: bool,
    order: Sequence[str] = (),
    prevails: Mapping[str, tuple[str, ...]] | None = None,
) -> str:
    if slot in ANY_SLOTS and not corrected and "any" in values and len(set(values)) > 1:
        values = [v for v in values if v != "any"]  # "US, anywhere": anywhere in the US
    several_us = len(set(values)) > 1 and all(v.startswith("us") for v in values)
    if slot == "region" and several_us and not corrected:
        specific = {v for v in values if v != "us"}
        return specific.pop() if len(specific) == 1 else "us"  # "US, east coast" -> us-east
    for winner in (prevails or {}).get(slot, ()) if not corrected else ():
        if winner in values:
            return winner  # "hybrid, I need some in-person classes": the campus part of a hybrid
    if slot in SKILL_SLOTS and not corrected and order and order[-1] in values:
        return order[-1]  # "C++ every day, a little Python": strong in one part is strong
    return values[-1]


def extract(
    text: str,
    vocab: SlotVocabulary,
    asking: str | None = None,
    *,
    usd_per_unit: Mapping[str, float] | None = None,
    analysis: Analysis | None = None,
) -> dict[str, object]:
    """Every profile slot value the text gives; see `_extract`. Words that count only as an
    answer to the question asked ("math" as a field) are used only when the text names no
    value for that slot otherwise ("electrical engineer ... math" stays engineering), and
    not when they are the subject of a skill level ("math is weak")."""
    asked_slot = _ALIASES.get(asking or "", asking or "")
    message = analysis or analyse(text, vocab)
    plain = _extract(message, vocab, asked_slot, usd_per_unit, with_asked=False)
    if not plain and asked_slot in CHOICE_SLOTS and (near := _near_phrase(message, vocab, asked_slot)):
        return {asked_slot: [near] if asked_slot == "interests" else near}  # "ful time", "part tiem"
    if asked_slot not in vocab.when_asked or asked_slot in plain:
        return plain
    loose = _extract(message, vocab, asked_slot, usd_per_unit, with_asked=True)
    # "math is weak" asked for the field: "math" is the subject of a level, not a degree
    subject = any(s in plain and s not in loose for s in SKILL_SLOTS) or _leveled(message, asked_slot, vocab)
    return plain if subject else loose


def _near_phrase(message: Analysis, vocab: SlotVocabulary, slot: str) -> str | None:
    """A short answer that reads as nothing but is one typo away from a phrase of the slot
    asked, taken whole ("ful time" for "full time": each word alone is too short to be
    corrected): the value of the closest phrase, if it is close enough."""
    words = [w for c in message.parts for w in c.words]
    said = " ".join(words)
    if not 1 < len(words) <= 3 or len(said) < vocab.typo_min_length:
        return None
    phrases = {
        " ".join(e.words): e.value
        for index in (vocab.claims, vocab.when_asked.get(slot) or {})
        for entries in index.values()
        for e in entries
        if e.slot == slot and len(e.words) > 1
    }
    best = process.extractOne(said, list(phrases), scorer=fuzz.ratio, score_cutoff=vocab.typo_cutoff)
    return phrases[best[0]] if best else None


def _leveled(message: Analysis, asked_slot: str, vocab: SlotVocabulary) -> bool:
    """A word that answers the question asked only as a bare answer is a skill's subject, with
    a level word in its part of the clause: "maths" in "my maths is weak, I never took calculus"."""
    for clause in message.parts:
        subjects = _covered(h for h in clause.hits("scales") if h.entry.slot == SUBJECT)
        levels = [h.start for h in clause.hits("scales") if h.entry.slot == LEVEL]
        for hit in clause.hits(f"asked:{asked_slot}"):
            if set(range(hit.start, hit.end)) <= subjects and any(
                _same_part(clause.words, hit.start, lv, vocab.connectors) for lv in levels
            ):
                return True
    return False


def _same_part(words: Sequence[str], a: int, b: int, connectors: frozenset[str]) -> bool:
    """No connector word between positions a and b."""
    low, high = sorted((a, b))
    return not any(w in connectors for w in words[low:high])


def _place_meant(clause: Clause, hit: Found, asked_slot: str, message: Analysis) -> bool:
    """A region or place says where to study unless the nearest cue before it describes the
    person ("CS grad from UT Austin", "I live in Texas"); a country, state or city (not a
    region's own name such as "the midwest") only in answer to the region question or in a
    message that talks about where to study ("on campus", "study in", "would like"). Where
    the person is counts when they want to study near it ("closest to home, I live in Ohio")."""
    cue = clause.cue_before(hit.start, ("place_background", "place_study"))
    if cue == "place_background":  # unless it says where to study from: "whatever is closest"
        return message.has("place_near")
    return not hit.entry.place or cue == "place_study" or asked_slot == "region" or message.has("place_study")


def _extract(
    message: Analysis,
    vocab: SlotVocabulary,
    asked_slot: str,
    usd_per_unit: Mapping[str, float] | None,
    with_asked: bool,
) -> dict[str, object]:
    """Every profile slot value the text gives, by slot name (see the module docstring).

    `asking` is the slot being asked ("budget" is accepted for "budget_usd"). The budget is
    converted to US dollars (whole dollars) with `usd_per_unit` (ISO code -> dollars per
    unit, e.g. from currency_rates.yaml). Without a rate for its currency there is no
    budget_usd: "budget_amount" is the amount as said and "budget_currency" its currency.
    An amount per year, term or month is kept as said, with "budget_period" naming the
    period. "As cheap as possible" gives budget_usd None (no fixed cap) with "budget_cheapest": True.
    """
    found: list[tuple[str, str]] = []
    segments: list[_Segment] = []
    said_any = corrected = alternative = False
    ruled_out: list[tuple[str, str]] = []
    degrees: list[str] = []  # field values said as the degree ("studied psychology")
    conditional: list[tuple[str, str]] = []  # values said after "if" ("if anything is in person")
    asked = (f"asked:{asked_slot}",) if with_asked else ()
    for clause in message.parts:
        words = list(clause.words)
        claims = [
            h
            for h in _pick(clause.hits("claims", *asked, "negations"), prefer=asked_slot or None)
            if h.entry.slot != "region" or _place_meant(clause, h, asked_slot, message)
        ]
        skills = [
            s
            for s in _pick(clause.hits("skills"))
            if not _outrun(s, claims if not asked_slot else _pick(clause.hits("claims")))
        ]
        negations = [h for h in claims if h.entry.slot == NEGATION]
        values = sorted([h for h in claims if h.entry.slot in SLOTS] + skills, key=lambda h: h.start)
        kept = [h for h in values if not clause.negated(h.start, h.end, values)]
        # "hybrid or online ..., Boston if anything is in person": a format, pace or region
        # said in a condition counts only when the message names no other for that slot
        iffy = [h for h in kept if h.entry.slot in ANY_SLOTS and vocab.conditions & set(words[: h.start])]
        conditional += [(h.entry.slot, h.entry.value) for h in iffy]
        found += [(h.entry.slot, h.entry.value) for h in kept if h not in iffy]
        # a skill phrase negated says the level below it: "never did calc in college" is none
        found += [
            (h.entry.slot, vocab.negated_skill[h.entry.value])
            for h in skills
            if h not in kept and h.entry.value in vocab.negated_skill
        ]
        degrees += [
            h.entry.value
            for h in kept
            if h.entry.slot == "field" and _names_degree(words, h, vocab.degree_cues)
        ]
        ruled_out += [
            (h.entry.slot, h.entry.value) for h in values if h.entry.slot in SET_SLOTS and h not in kept
        ]
        found += _shared_skill(words, skills, _pick(clause.hits("scales")))
        said_any = said_any or any(h.entry.slot == ANY for h in claims)
        corrected = corrected or bool(clause.hits("corrections"))
        alternative = alternative or bool(clause.hits("alternatives"))
        blocked = _covered([h for h in claims if h.entry.slot not in (ANY, MONEY, NEGATION)] + skills)
        scales = [
            _level_as_meant(h, negations, vocab.negated_level)
            for h in _pick(clause.hits("scales"))
            if not _covered([h]) & blocked
        ]
        segments += _segments(words, scales, values, vocab.connectors)
    named = {s for s, _ in found}
    found += [(s, v) for s, v in conditional if s not in named]
    result: dict[str, object] = {}
    for slot in CHOICE_SLOTS + SKILL_SLOTS:
        said = [v for s, v in found if s == slot]
        if slot == "field" and degrees and len(set(said)) > 1:  # "studied psychology, work in HR"
            said = degrees
        if slot == "interests" and said:
            result[slot] = list(dict.fromkeys(said))
        elif (
            said
            and slot in SET_SLOTS
            and alternative
            and not corrected
            and len(accepted := _accepted(slot, said)) > 1
        ):
            result[slot] = "any"  # "online or on campus": each is accepted, and only those
            if SET_SLOTS[slot] and "any" not in accepted:
                result[SET_SLOTS[slot]] = accepted
        elif said:
            result[slot] = _choose(slot, said, corrected, vocab.level_order, vocab.prevails)
    if asked_slot in SET_SLOTS and asked_slot not in result:  # "anything but online"
        result.update(_all_but(asked_slot, [v for s, v in ruled_out if s == asked_slot], vocab))
    order = vocab.level_order

    def best(a: str, b: str) -> str:
        """Of two levels said for one skill in one message, the top one if either is ("math is
        solid, stats fine": strong in one part is strong), else the later; in a message that
        corrects itself, always the later."""
        return order[-1] if not corrected and order and order[-1] in (a, b) else b

    # a main subject with no level of its own shares the level: "Python and SQL daily"
    unleveled = any(
        " ".join(s.entry.words) not in vocab.lesser_subjects and not seg.levels
        for seg in segments
        for s in seg.subjects
    )

    def cap(subjects: tuple[str, ...], level: str) -> str:
        """A top level said only of lesser subjects is the level below ("SQL every day"; not
        "Python and SQL daily")."""
        lesser = subjects and all(s in vocab.lesser_subjects for s in subjects) and not unleveled
        if lesser and order and level == order[-1] and len(order) > 1:
            return order[-2]
        return level

    for slot, level in _pair_levels(segments, asked_slot, best, cap).items():
        if slot not in result:
            result[slot] = level
        elif not corrected and order and level == order[-1]:  # a phrase said less of a part
            result[slot] = level
    result.update(_budget(message, vocab, asked_slot == "budget_usd", usd_per_unit))
    if said_any and asked_slot in ANY_SLOTS:
        result.setdefault(asked_slot, "any")
    elif said_any and asked_slot == "interests":
        result.setdefault("interests", [])
    extra = ("formats", "regions", "budget_amount", "budget_currency", "budget_period", "budget_cheapest")
    return {slot: result[slot] for slot in SLOTS + extra if slot in result}


def budget(
    text: str, vocab: SlotVocabulary, usd_per_unit: Mapping[str, float] | None, bare: bool = True
) -> dict[str, object]:
    """The budget a text gives, as `extract` reports it; the one reading of money for the
    chat and for `advisor recommend --budget`."""
    return _budget(analyse(text, vocab), vocab, bare, usd_per_unit)


def _budget(
    message: Analysis, vocab: SlotVocabulary, bare: bool, usd_per_unit: Mapping[str, float] | None
) -> dict[str, object]:
    money, at = parse_money_at(
        message.text, vocab.money, bare=bare, found=(message.money_text, message.amounts)
    )
    if money is None:
        return {}
    if money == CHEAPEST:
        return {"budget_usd": None, "budget_cheapest": True}
    amount, currency = money
    if amount is None:
        return {"budget_usd": None}
    rates = {k.upper(): v for k, v in (usd_per_unit or {}).items()}
    found: dict[str, object]
    rate = 1.0 if currency == "USD" else rates.get(str(currency))
    chosen = next((a for a in message.amounts if a.start == at), None)
    if chosen is not None and chosen.either_scale and amount * (rate or 1.0) > vocab.money.most_usd:
        amount /= 1000  # "100 mil reais" is a hundred thousand, not a hundred million
    if rate is not None:
        found = {"budget_usd": round(amount * rate)}
    else:  # never relabelled as dollars: the dialogue says it has no rate
        found = {"budget_amount": round(amount), "budget_currency": currency}
    starts = [a.start for a in message.amounts]
    if period := money_period(message.money_text, vocab.money, at, starts):
        found["budget_period"] = period
    return found


def says_any(message: Analysis) -> bool:
    """The message says "no preference", "doesn't matter" (for whatever slot is asked)."""
    return any(h.entry.slot == ANY for c in message.parts for h in _pick(c.hits("claims", "negations")))


def listed_interest(message: Analysis, vocab: SlotVocabulary) -> bool:
    """An interest named as an item of its own ("industry, nlp and 80k"), a part of at most
    three words between commas or connectors, not in passing ("backend developer at a fintech")."""
    return any(
        h.entry.slot == "interests" and c.part_length(h.start, vocab.connectors) <= 3
        for c in message.parts
        for h in _pick(c.hits("claims"))
    )


def hint(
    text: str, vocab: SlotVocabulary, asking: str | None, analysis: Analysis | None = None
) -> str | None:
    """The value of the slot asked that the text suggests without settling it ("only the
    stats class in college" for math, "I'm in Ohio" for the region): the dialogue checks it
    with the person."""
    slot = _ALIASES.get(asking or "", asking or "")
    message = analysis or analyse(text, vocab)
    hits = [h for c in message.parts for h in _pick(c.hits(f"hints:{slot}"))]
    if slot == "region":  # a place said about the person, where the region was asked
        hits += [h for c in message.parts for h in _pick(c.hits("claims")) if h.entry.slot == "region"]
    return hits[-1].entry.value if hits else None
