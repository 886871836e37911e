"""The typed, immutable records that loaded knowledge becomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.understanding import FaqModel

OTHER_RESIDENCY = "other"  # a residency no fee rule names


@dataclass(frozen=True)
class Source:
    url: str
    retrieved: dt.date
    supports: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str


@dataclass(frozen=True)
class Rate:
    currency: str
    usd_per_unit: float
    date: dt.date
    source: str | None
    note: str | None = None


@dataclass(frozen=True)
class PerUnit:
    amount: float
    unit: str  # credit-hour, credit, course, semester, quarter, term, year, module
    units: float


@dataclass(frozen=True)
class Tuition:
    total: float | None  # as written, or amount x units of `per_unit` when not written
    currency: str
    year: str | None
    basis: str | None
    applies_to: str | None
    total_usd: float | None  # converted with `rate`; None where total or rate is unknown
    rate: Rate | None
    per_unit: PerUnit | None = None
    # a sourced typical cost when no exact total; a high of None is a floor ("at least low")
    range: tuple[float, float | None] | None = None
    range_usd: tuple[float, float | None] | None = None
    others: tuple[Tuition, ...] = ()  # the fees of the other fee statuses
    stale: bool = False  # older than the freshness rule of ranking.yaml allows

    @property
    def computed(self) -> bool:
        """The total is amount x units, not a figure written in the record."""
        return (
            self.per_unit is not None
            and self.total is not None
            and self.total == self.per_unit.amount * self.per_unit.units
        )


@dataclass(frozen=True)
class Funding:
    kind: str  # fully-funded, assistantships, scholarships, fellowships, employer, veterans
    text: str
    url: str


@dataclass(frozen=True)
class Cost:
    """What one program costs one kind of applicant (by fee status), as far as is known."""

    fee: Tuition | None  # the fee that applies to them; None when the record has none for them
    usd: float | None  # its total in US dollars (None: unknown)
    low_usd: float | None = None  # a sourced typical range when there is no exact total
    high_usd: float | None = None  # None with a low: a floor, the price is at least low
    stale: bool = False  # the figure is too old to count as fitting a budget
    funded: bool = False  # every admitted full-time student has tuition covered

    def verdict(self, budget_usd: float) -> str:
        """ "fits", "over" or "unknown" for a budget: a stale figure under the budget or a range
        across it is unknown; a stale figure over it is over (prices rise)."""
        if self.funded:
            return "fits"
        if self.usd is not None:
            return "over" if self.usd > budget_usd else "unknown" if self.stale else "fits"
        if self.low_usd is not None:
            if self.high_usd is not None and self.high_usd <= budget_usd:
                return "fits"
            return "over" if self.low_usd > budget_usd else "unknown"
        return "unknown"

    @property
    def known_usd(self) -> float | None:
        """A total that can be counted on: 0 when funded, None when unknown or stale."""
        if self.funded:
            return 0.0
        if self.usd is not None:
            return None if self.stale else self.usd
        return self.high_usd


@dataclass(frozen=True)
class Ranking:
    """The rules of knowledge/ranking.yaml."""

    weights: MappingProxyType[str, float]
    goals: MappingProxyType[str, Any]
    weak_levels: tuple[str, ...]
    area_words: MappingProxyType[str, tuple[str, ...]]
    strong_words: tuple[str, ...]
    funding: MappingProxyType[str, float]
    cheapest_weight: float
    cost_cap_usd: float
    cheap_share: float
    unknown_factor: float
    max_age_years: int
    fee_rules: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]  # residency, countries, statuses
    fee_otherwise: tuple[str, ...]
    max_per_school: int = 2
    closed_restrictions: tuple[str, ...] = ()  # eligibility restrictions that rule a program out
    # restrictions that rule it out for someone from another country (who needs a student visa)
    closed_abroad: tuple[str, ...] = ()
    headline_reasons: tuple[str, ...] = ()
    headline_caveats: tuple[str, ...] = ()
    peer_weight: float = 0.0  # an unknown price, with a budget: how much its peers' share counts
    peer_min: int = 3  # the fewest current prices a group of peers needs
    peer_margin: float = 0.0  # a budget under this share of the cheapest peer's price is far off
    online_elsewhere: float = 0.0  # with a region named: an online degree run from elsewhere

    @property
    def residencies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for r, _, _ in self.fee_rules))


@dataclass(frozen=True)
class Eligibility:
    restriction: str  # own-undergraduates, employees, residents, no-student-visa, other
    text: str


@dataclass(frozen=True)
class Program:
    id: str
    school: str
    school_aliases: tuple[str, ...]
    name: str
    program_aliases: tuple[str, ...]
    degree_kind: str
    status: str
    country: str
    region: str
    city: str | None
    format: str
    pace: str
    duration_min: int | None
    duration_max: int | None
    duration_text: str | None
    credits: float | None
    credits_unit: str | None
    tuition: Tuition | None
    gre: str | None
    thesis: str | None
    capstone: str | None
    orientation: str | None
    accepts_non_cs: bool | None
    specializations: tuple[str, ...]
    prerequisites: tuple[str, ...]
    url: str
    notes: str | None
    sources: tuple[Source, ...]
    file: str = ""
    funding: tuple[Funding, ...] = ()
    eligibility: Eligibility | None = None
    closed: bool = False  # its eligibility restriction rules out everyone the advisor advises
    closed_to: frozenset[str] = frozenset()  # residencies it is closed to ("no student visa")
    costs: MappingProxyType[str | None, Cost] = field(  # by residency; built from the fields above
        default_factory=lambda: MappingProxyType({}), compare=False
    )

    def cost(self, residency: str | None = None) -> Cost:
        """The cost for someone of this residency (None: not known, the highest fee)."""
        found = self.costs.get(residency) or self.costs.get(OTHER_RESIDENCY)
        return found if found is not None else Cost(self.tuition, self.tuition_usd)

    def closed_for(self, residency: str | None) -> bool:
        """Not open to someone of this residency (None: not known, only `closed` counts)."""
        return self.closed or (residency is not None and residency in self.closed_to)

    @property
    def title(self) -> str:
        return f"{self.school}, {self.name}"

    @property
    def tuition_usd(self) -> float | None:
        return self.tuition.total_usd if self.tuition else None


@dataclass(frozen=True)
class Faq:
    id: str
    question: str
    alternates: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    show: tuple[str, ...] = ()  # tables from other knowledge shown after the answer


@dataclass(frozen=True)
class Career:
    id: str
    role: str
    aliases: tuple[str, ...]
    what: str
    education: str | None
    median_pay: Money | None
    pay_year: int | None
    outlook: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class DegreeKind:
    id: str
    name: str
    aliases: tuple[str, ...]
    orientation: str | None
    summary: str
    examples: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Course:
    id: str
    name: str
    core: bool
    covers: str
    interest: str | None


@dataclass(frozen=True)
class Resource:
    name: str
    provider: str | None
    url: str | None
    cost: str | None


@dataclass(frozen=True)
class PrepStep:
    what: str
    time: str | None
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class PrepArea:
    id: str
    levels: tuple[str, ...]
    title: str
    why: str
    steps: tuple[PrepStep, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class PrepRoute:
    id: str
    name: str
    summary: str
    good_for: str | None


@dataclass(frozen=True)
class Knowledge:
    """Everything the advisor knows, loaded and validated."""

    root: str
    version: str  # a short digest of the knowledge files' contents
    profile_slots: MappingProxyType[str, Any]
    programs: tuple[Program, ...]
    faqs: tuple[Faq, ...]
    ranking: Ranking
    careers: tuple[Career, ...] = ()
    degree_kinds: tuple[DegreeKind, ...] = ()
    courses: tuple[Course, ...] = ()
    rates: tuple[Rate, ...] = ()
    prep_areas: tuple[PrepArea, ...] = ()
    prep_routes: tuple[PrepRoute, ...] = ()
    synonym_pairs: tuple[tuple[str, str], ...] = ()
    stopwords: frozenset[str] = frozenset()
    dialogue: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    lookup: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    slot_values: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    faq_model: FaqModel | None = None  # the fitted gate and ranker (faq_model.yaml)
    word_vectors: str | None = None  # the word-vector file (word_vectors.bin), if there is one

    def program(self, program_id: str) -> Program | None:
        return next((p for p in self.programs if p.id == program_id), None)

    def faq(self, faq_id: str) -> Faq | None:
        return next((f for f in self.faqs if f.id == faq_id), None)

    @property
    def source_count(self) -> int:
        urls = {s.url for p in self.programs for s in p.sources}
        urls |= {s.url for f in self.faqs for s in f.sources}
        urls |= {s.url for c in self.careers for s in c.sources}
        urls |= {s.url for d in self.degree_kinds for s in d.sources}
        urls |= {s.url for a in self.prep_areas for s in a.sources}
        urls |= {r.source for r in self.rates if r.source}
        return len(urls)
