"""The typed, immutable records that loaded knowledge becomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


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
    range: tuple[float, float] | None = None  # a sourced typical cost when no exact total
    range_usd: tuple[float, float] | None = None
    others: tuple[Tuition, ...] = ()  # the fees of the other fee statuses

    @property
    def computed(self) -> bool:
        """The total is amount x units, not a figure written in the record."""
        return self.per_unit is not None and self.total is not None and \
            self.total == self.per_unit.amount * self.per_unit.units


@dataclass(frozen=True)
class Funding:
    kind: str  # fully-funded, assistantships, scholarships, fellowships, employer, veterans
    text: str
    url: str


@dataclass(frozen=True)
class Eligibility:
    restriction: str  # own-undergraduates, employees, residents, other
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
