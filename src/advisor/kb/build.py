"""Turning validated YAML documents into records (called by `knowledge` only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from advisor.domain import (
    OTHER_RESIDENCY,
    Career,
    Course,
    DegreeKind,
    Eligibility,
    Faq,
    Funding,
    Knowledge,
    Money,
    PerUnit,
    PrepArea,
    PrepRoute,
    PrepStep,
    Problem,
    Program,
    Ranking,
    Rate,
    Resource,
    Source,
    Tuition,
)
from advisor.kb.validation import field_name
from advisor.kb.yamlfile import PathKey, YamlDoc
from advisor.recommendation import costs, is_stale, start_year
from advisor.understanding import build_model


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text))


def _sources(items: list[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(
        Source(s["url"], _date(s["retrieved"]), tuple(s.get("supports") or ()), s.get("title"))
        for s in items or ()
    )


def _t(items: list[Any] | None) -> tuple[Any, ...]:
    return tuple(items or ())


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def rates(doc: YamlDoc) -> dict[str, Rate]:
    return {
        r["currency"]: Rate(
            r["currency"], float(r["usd_per_unit"]), _date(r["date"]), r.get("source"), r.get("note")
        )
        for r in doc.data["rates"]
    }


def rate_problems(doc: YamlDoc, programs: list[YamlDoc]) -> Iterator[Problem]:
    known = rates(doc)
    for prog in programs:
        tuition = prog.data.get("tuition") or {}
        fees: list[tuple[PathKey, dict[str, Any]]] = [(("tuition", "currency"), tuition)]
        fees += [(("tuition", "others", i, "currency"), o) for i, o in enumerate(tuition.get("others") or [])]
        for path, fee in fees:
            if fee.get("currency") and fee["currency"] not in known:
                yield Problem(
                    prog.file,
                    prog.line(path),
                    field_name(path),
                    f"no conversion rate for {fee['currency']} in {doc.file}",
                )


def ranking(doc: YamlDoc) -> Ranking:
    d = doc.data
    cost, fees = d["cost"], d["fee_status"]
    return Ranking(
        weights=MappingProxyType(dict(d["weights"])),
        goals=_freeze(d["goals"]),
        weak_levels=_t(d["weak_levels"]),
        area_words=MappingProxyType({k: _t(v) for k, v in d["area_words"].items()}),
        strong_words=_t(d["strong_words"]),
        funding=MappingProxyType(dict(d["funding"])),
        cheapest_weight=cost["cheapest_weight"],
        cost_cap_usd=cost["cap_usd"],
        cheap_share=cost["cheap_share"],
        unknown_factor=cost["unknown_factor"],
        peer_weight=cost["peer_weight"],
        peer_min=cost["peer_min"],
        peer_margin=cost["peer_margin"],
        max_age_years=d["freshness"]["max_age_years"],
        fee_rules=tuple(
            (r["residency"], frozenset(r["countries"]), _t(r["statuses"])) for r in fees["rules"]
        ),
        fee_otherwise=_t(fees["otherwise"]),
        headline_reasons=_t(d["headline"]["reasons"]),
        headline_caveats=_t(d["headline"]["caveats"]),
        closed_restrictions=_t(d["eligibility"]["closed"]),
        closed_abroad=_t(d["eligibility"].get("closed_abroad")),
        max_per_school=d["shortlist"]["max_per_school"],
        online_elsewhere=(d.get("place") or {}).get("online_elsewhere", 0.0),
    )


def _closed_to(eligibility: Eligibility | None, country: str, rules: Ranking) -> frozenset[str]:
    """The residencies a program is closed to: for a restriction in `closed_abroad` ("no
    student visa"), every one whose fee rule does not name the program's country."""
    if eligibility is None or eligibility.restriction not in rules.closed_abroad:
        return frozenset()
    home = {who for who, countries, _ in rules.fee_rules if country in countries}
    return frozenset(r for r in (*rules.residencies, OTHER_RESIDENCY) if r not in home)


def newest_fee_year(program_docs: list[YamlDoc]) -> int | None:
    """The latest academic year any fee figure is for: what freshness is measured against."""
    years = [
        start_year(str(f["year"]))
        for d in program_docs
        for f in [d.data.get("tuition") or {}, *((d.data.get("tuition") or {}).get("others") or [])]
        if f.get("year") is not None
    ]
    return max((y for y in years if y is not None), default=None)


def _tuition(
    data: dict[str, Any] | None,
    known: dict[str, Rate],
    rules: Ranking | None = None,
    newest: int | None = None,
) -> Tuition | None:
    if not data:
        return None
    rate = known.get(data["currency"])
    unit = data.get("per_unit")
    per_unit = PerUnit(unit["amount"], unit["unit"], unit["units"]) if unit else None
    total = data.get("total")
    if total is None and per_unit is not None:
        total = per_unit.amount * per_unit.units
    usd = round(total * rate.usd_per_unit) if total is not None and rate else None
    span = data.get("range")
    high = span.get("max") if span else None  # no max: a sourced floor, "at least min"
    cost_range = (span["min"], high) if span else None
    range_usd = (
        (round(span["min"] * rate.usd_per_unit), None if high is None else round(high * rate.usd_per_unit))
        if span and rate
        else None
    )
    year = data.get("year")
    others = tuple(t for o in data.get("others") or () if (t := _tuition(o, known, rules, newest)))
    fee = Tuition(
        total,
        data["currency"],
        None if year is None else str(year),
        data.get("basis"),
        data.get("applies_to"),
        usd,
        rate,
        per_unit,
        cost_range,
        range_usd,
        others,
    )
    return replace(fee, stale=is_stale(fee, newest, rules)) if rules else fee


def _eligibility(data: dict[str, Any] | None) -> Eligibility | None:
    return Eligibility(data["restriction"], data["text"]) if data else None


def program(doc: YamlDoc, known: dict[str, Rate], rules: Ranking, newest: int | None) -> Program:
    d = doc.data
    tuition = _tuition(d.get("tuition"), known, rules, newest)
    funding = tuple(Funding(f["kind"], f["text"], f["url"]) for f in d.get("funding") or ())
    eligibility = _eligibility(d.get("eligibility"))
    duration = d.get("duration_months") or {}
    credits = d.get("credits") or {}
    return Program(
        id=d["id"],
        school=d["school"],
        school_aliases=_t(d["school_aliases"]),
        name=d["name"],
        program_aliases=_t(d["program_aliases"]),
        degree_kind=d["degree_kind"],
        status=d["status"],
        country=d["country"],
        region=d["region"],
        city=d.get("city"),
        format=d["format"],
        pace=d["pace"],
        duration_min=duration.get("min"),
        duration_max=duration.get("max"),
        duration_text=d.get("duration_text"),
        credits=credits.get("value"),
        credits_unit=credits.get("unit"),
        tuition=tuition,
        gre=d.get("gre"),
        thesis=d.get("thesis"),
        capstone=d.get("capstone"),
        orientation=d.get("orientation"),
        accepts_non_cs=d.get("accepts_non_cs"),
        specializations=_t(d["specializations"]),
        prerequisites=_t(d["prerequisites"]),
        url=d["url"],
        notes=d.get("notes"),
        sources=_sources(d["sources"]),
        file=doc.file,
        funding=funding,
        eligibility=eligibility,
        closed=eligibility is not None and eligibility.restriction in rules.closed_restrictions,
        closed_to=_closed_to(eligibility, d["country"], rules),
        costs=costs(tuition, d["country"], funding, rules),
    )


def faqs(doc: YamlDoc) -> tuple[Faq, ...]:
    return tuple(
        Faq(
            f["id"],
            f["question"],
            _t(f["alternates"]),
            _t(f.get("keywords")),
            f["answer"].strip(),
            _t(f["related"]),
            _sources(f["sources"]),
            _t(f.get("show")),
        )
        for f in doc.data["faqs"]
    )


def careers(doc: YamlDoc | None) -> tuple[Career, ...]:
    out = []
    for c in doc.data["careers"] if doc else ():
        pay = c.get("median_pay")
        outlook = c.get("outlook") or {}
        out.append(
            Career(
                c["id"],
                c["role"],
                _t(c.get("aliases")),
                c["what"],
                c.get("education"),
                Money(pay["amount"], pay["currency"]) if pay else None,
                int(pay["year"]) if pay and pay.get("year") else None,
                outlook.get("text"),
                _sources(c["sources"]),
            )
        )
    return tuple(out)


def degree_kinds(doc: YamlDoc | None) -> tuple[DegreeKind, ...]:
    return tuple(
        DegreeKind(
            k["id"],
            k["name"],
            _t(k.get("aliases")),
            k.get("orientation"),
            k["summary"],
            _t(k.get("examples")),
            _sources(k.get("sources")),
        )
        for k in (doc.data["degree_kinds"] if doc else ())
    )


def courses(doc: YamlDoc | None) -> tuple[Course, ...]:
    if not doc:
        return ()
    return tuple(
        Course(c["id"], c["name"], kind == "core", c["covers"], c.get("interest"))
        for kind in ("core", "electives")
        for c in doc.data[kind]
    )


def preparation(doc: YamlDoc | None) -> tuple[tuple[PrepArea, ...], tuple[PrepRoute, ...]]:
    if not doc:
        return (), ()
    areas = tuple(
        PrepArea(
            a["id"],
            _t(a["levels"]),
            a["title"],
            a["why"],
            tuple(
                PrepStep(
                    s["what"],
                    s.get("time"),
                    tuple(
                        Resource(r["name"], r.get("provider"), r.get("url"), r.get("cost"))
                        for r in s.get("resources") or ()
                    ),
                )
                for s in a["steps"]
            ),
            _sources(a.get("sources")),
        )
        for a in doc.data["areas"]
    )
    routes = tuple(
        PrepRoute(r["id"], r["name"], r["summary"], r.get("good_for")) for r in doc.data.get("routes") or ()
    )
    return areas, routes


def synonym_pairs(doc: YamlDoc | None) -> tuple[tuple[str, str], ...]:
    if not doc:
        return ()
    return tuple((v, e["canonical"]) for e in doc.data["synonyms"] for v in e["variants"])


def _data(doc: YamlDoc | None) -> Mapping[str, Any] | None:
    return doc.data if doc else None


def with_gazetteer(values: Mapping[str, Any], gazetteer: Mapping[str, Any] | None) -> dict[str, Any]:
    """The slot vocabulary with the gazetteer's places (as `places.gazetteer_names`) and its
    currency spellings added; a spelling the hand-kept `money.currencies` has keeps its code."""
    merged = dict(values)
    if gazetteer is None:
        return merged
    places = dict(merged.get("places") or {})
    places["gazetteer_names"] = gazetteer.get("places") or {}
    merged["places"] = places
    money = dict(merged.get("money") or {})
    own = {code: list(spellings) for code, spellings in (money.get("currencies") or {}).items()}
    taken = {" ".join(s.lower().split()) for spellings in own.values() for s in spellings}
    for code, spellings in (gazetteer.get("currencies") or {}).items():
        new = [s for s in spellings if " ".join(s.lower().split()) not in taken]
        if new:
            own[code] = [*own.get(code, []), *new]
    money["currencies"] = own
    merged["money"] = money
    return merged


def knowledge(root: str, version: str, docs: dict[str, YamlDoc], program_docs: list[YamlDoc]) -> Knowledge:
    known = rates(docs["currency_rates.yaml"])
    rules = ranking(docs["ranking.yaml"])
    newest = newest_fee_year(program_docs)
    areas, routes = preparation(docs.get("preparation.yaml"))
    dialogue = docs.get("dialogue.yaml")
    return Knowledge(
        root=root,
        version=version,
        profile_slots=_freeze(docs["profile.yaml"].data["slots"]),
        programs=tuple(sorted((program(d, known, rules, newest) for d in program_docs), key=lambda p: p.id)),
        faqs=faqs(docs["faqs.yaml"]),
        ranking=rules,
        careers=careers(docs.get("careers.yaml")),
        degree_kinds=degree_kinds(docs.get("degree_kinds.yaml")),
        courses=courses(docs.get("courses.yaml")),
        rates=tuple(known.values()),
        prep_areas=areas,
        prep_routes=routes,
        synonym_pairs=synonym_pairs(docs.get("synonyms.yaml")),
        stopwords=frozenset(docs["synonyms.yaml"].data.get("stopwords") or ())
        if "synonyms.yaml" in docs
        else frozenset(),
        dialogue=_freeze(dialogue.data) if dialogue else MappingProxyType({}),
        lookup=_freeze(docs["lookup.yaml"].data) if "lookup.yaml" in docs else MappingProxyType({}),
        slot_values=_freeze(with_gazetteer(docs["slot_values.yaml"].data, _data(docs.get("gazetteer.yaml"))))
        if "slot_values.yaml" in docs
        else MappingProxyType({}),
        faq_model=build_model(docs["faq_model.yaml"].data) if "faq_model.yaml" in docs else None,
    )
