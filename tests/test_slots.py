"""Slot extraction: what people type in the interview -> profile slot values."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from advisor.kb.build import with_gazetteer
from advisor.understanding.analysis import analyse
from advisor.understanding.money import CHEAPEST, NO_LIMIT, parse_money
from advisor.understanding.slots import SlotVocabulary, extract, hint

KNOWLEDGE = Path(__file__).parents[1] / "knowledge"
DATA = with_gazetteer(  # as the advisor reads it: with the places and currencies of the gazetteer
    yaml.safe_load((KNOWLEDGE / "slot_values.yaml").read_text(encoding="utf-8")),
    yaml.safe_load((KNOWLEDGE / "gazetteer.yaml").read_text(encoding="utf-8")),
)
VOCAB = SlotVocabulary.from_data(DATA)

# (what the person types, the slot being asked or None, everything extract must return)
CASES: list[tuple[str, str | None, dict[str, object]]] = [
    # field
    ("I studied computer science", None, {"field": "computer-science"}),
    ("US, east coast preferably", "region", {"region": "us-east"}),
    ("anywhere in Canada is fine, really", "region", {"region": "canada"}),
    ("the UK, anywhere", "region", {"region": "uk"}),
    ("somewhere in the Nordics", "region", {"region": "europe"}),
    ("southeast asia ideally", "region", {"region": "asia"}),
    ("I'd pay in US dollars, about 20k", "budget_usd", {"budget_usd": 20000}),
    ("I dropped out of my PhD in chemistry", "field", {"field": "natural-science"}),
    ("my math is solid, the stats part just ok", "math", {"math": "strong"}),
    ("java every day at work, some sql", "programming", {"programming": "strong"}),
    ("excel and sql all day, a bit of R", "programming", {"programming": "basic"}),
    ("leading data teams at my company", "goal", {"goal": "leadership"}),
    ("havent touched math since highschool", "math", {"math": "none"}),
    ("Boston or Austin", "region", {"region": "any", "regions": ["us-east", "us-south"]}),
    (
        "electrical engineer, good at python and math",
        "field",
        {"field": "engineering", "programming": "strong", "math": "strong"},
    ),
    ("never coded and math is fine", None, {"programming": "none", "math": "basic"}),
    ("I'm a software engineer", None, {"field": "computer-science", "programming": "strong"}),
    ("I work in IT", None, {"field": "computer-science"}),
    ("compter science", None, {"field": "computer-science"}),
    ("I have a degree in mathematics", None, {"field": "math-statistics", "math": "strong"}),
    ("statistics", "field", {"field": "math-statistics"}),
    ("I'm an electrical engineer", None, {"field": "engineering"}),
    ("I studied physics", None, {"field": "natural-science"}),
    ("biology", "field", {"field": "natural-science"}),
    ("economics", "field", {"field": "business-economics"}),
    ("I have an MBA and work in marketing", None, {"field": "business-economics"}),
    ("I taught history for ten years", None, {"field": "social-science-humanities"}),
    ("psychology", None, {"field": "social-science-humanities"}),
    ("I'm a nurse", None, {"field": "other"}),
    ("I'm not a CS person, I studied biology", None, {"field": "natural-science"}),
    # programming
    ("Never coded in my life", None, {"programming": "none"}),
    ("no", "programming", {"programming": "none"}),
    ("a bit of python", None, {"programming": "basic"}),
    ("basic", "programming", {"programming": "basic"}),
    ("python, pretty good", "programming", {"programming": "strong"}),
    ("pyhton, strong", "programming", {"programming": "strong"}),
    ("I program all day", None, {"programming": "strong"}),
    ("I can read code but I'm no expert", None, {"programming": "basic"}),
    ("not great", "programming", {"programming": "basic"}),
    ("Yes, I know Python well", None, {"programming": "strong"}),
    ("I'm not a programmer", None, {"programming": "none"}),
    ("no programming background, want online", None, {"programming": "none", "format": "online"}),
    # math
    ("only school maths", None, {"math": "none"}),
    ("none", "math", {"math": "none"}),
    ("basic statistics, calculus was ages ago", None, {"math": "basic"}),
    ("I'm not good at math", None, {"math": "basic"}),
    ("My math is not that strong", None, {"math": "basic"}),
    ("strong", "math", {"math": "strong"}),
    ("good at math and rusty in python", None, {"math": "strong", "programming": "basic"}),
    ("coding basic, math strong", None, {"programming": "basic", "math": "strong"}),
    # goal
    ("I want to become an ML engineer", None, {"goal": "industry"}),
    ("I want a data scientist job", None, {"goal": "industry"}),
    ("a job", "goal", {"goal": "industry"}),
    ("I want to do a PhD afterwards", None, {"goal": "research"}),
    ("I'd like to publish papers", None, {"goal": "research"}),
    ("I want to switch careers", None, {"goal": "career-change"}),
    ("I want to lead AI teams", None, {"goal": "leadership"}),
    # interests
    ("NLP and chatbots", None, {"interests": ["nlp"]}),
    ("computer vision", None, {"interests": ["computer-vision"]}),
    ("robotics", None, {"interests": ["robotics"]}),
    ("reinforcement learning", None, {"interests": ["reinforcement-learning"]}),
    ("data science", "interests", {"interests": ["data-science"]}),
    ("deep learning and neural networks", None, {"interests": ["deep-learning"]}),
    ("medical applications", None, {"interests": ["healthcare"]}),
    ("fintech and trading", None, {"interests": ["finance"]}),
    ("fairness and responsible AI", None, {"interests": ["ai-ethics"]}),
    (
        "reinforcment lerning and computr vision",
        None,
        {"interests": ["reinforcement-learning", "computer-vision"]},
    ),
    ("not interested in robotics, I like NLP", None, {"interests": ["nlp"]}),
    ("doesn't matter", "interests", {"interests": []}),
    # format
    ("online", None, {"format": "online"}),
    ("I'd study from home", None, {"format": "online"}),
    ("on campus", None, {"format": "on-campus"}),
    ("in person please", None, {"format": "on-campus"}),
    ("a mix of both", None, {"format": "hybrid"}),
    ("hybird", None, {"format": "hybrid"}),
    ("not online, on campus", None, {"format": "on-campus"}),
    ("I don't want online", None, {}),
    ("I'd rather not study online", None, {}),
    ("Anything but online", None, {}),
    ("online, actually no, on campus", None, {"format": "on-campus"}),
    ("doesn't matter", "format", {"format": "any"}),
    ("both", "format", {"format": "any"}),
    # pace
    ("part time while working", None, {"pace": "part-time"}),
    ("evenings only", None, {"pace": "part-time"}),
    ("full time, I'll quit my job", None, {"pace": "full-time"}),
    ("I work full time so it has to be part time", None, {"pace": "part-time"}),
    ("I'd like to stay in my job while studying", None, {"pace": "part-time"}),
    ("either", "pace", {"pace": "any"}),
    ("doesn't matter", "pace", {"pace": "any"}),
    ("whatever", "pace", {"pace": "any"}),
    # region
    ("somewhere in the US", None, {"region": "us"}),
    ("us", "region", {"region": "us"}),
    ("Boston", "region", {"region": "us-east"}),
    ("California or Seattle", "region", {"region": "us-west"}),
    ("Chicago", "region", {"region": "us-midwest"}),
    ("Texas", "region", {"region": "us-south"}),
    ("Boston or Austin", "region", {"region": "any", "regions": ["us-east", "us-south"]}),
    ("either on campus or hybrid", "format", {"format": "any", "formats": ["on-campus", "hybrid"]}),
    ("Asia or Europe", "region", {"region": "any", "regions": ["asia", "europe"]}),
    (
        "online or on campus, doesn't matter to me",
        "format",
        {"format": "any", "formats": ["online", "on-campus"]},
    ),
    ("part time ideally, but full time is fine too", "pace", {"pace": "any"}),
    ("online, actually hybrid", "format", {"format": "hybrid"}),
    ("not online, on campus", "format", {"format": "on-campus"}),
    ("a high school math teacher", "field", {"field": "math-statistics"}),
    ("math is weak tbh, never did calc", "field", {"math": "basic"}),
    ("I use Python and SQL daily", "programming", {"programming": "strong"}),
    ("part", "pace", {"pace": "part-time"}),
    ("anything but online", "format", {"format": "any", "formats": ["on-campus", "hybrid"]}),
    ("not full time", "pace", {"pace": "part-time"}),
    ("anywhere but the US", "region", {"region": "any", "regions": ["canada", "uk", "europe", "asia"]}),
    ("never been to the US", None, {}),
    # a country, state or city is where to study only when asked, or said as such
    ("Boston", None, {}),
    ("London", "field", {}),
    ("I'd love to study in Boston", None, {"region": "us-east"}),
    ("on campus in Toronto", None, {"format": "on-campus", "region": "canada"}),
    ("CS grad from UT Austin, want the midwest", None, {"field": "computer-science", "region": "us-midwest"}),
    ("I live in Texas but want to study in Europe", "region", {"region": "europe"}),
    ("I live in Texas", "region", {}),
    ("born and raised in Munich, now I'd like the west coast", None, {"region": "us-west"}),
    ("I grew up in the midwest", None, {}),
    ("whatever is closest, I live in Ohio", "region", {"region": "us-midwest"}),
    ("i studied psychology and work in hr now", "field", {"field": "social-science-humanities"}),
    ("I work in HR", "field", {"field": "business-economics"}),
    ("South Korea", "region", {"region": "asia"}),
    ("Toronto", "region", {"region": "canada"}),
    ("London", "region", {"region": "uk"}),
    ("Germany or the Netherlands", "region", {"region": "europe"}),
    ("Singapore", "region", {"region": "asia"}),
    ("anywhere", None, {"region": "any"}),
    ("no preference", "region", {"region": "any"}),
    ("doesn't matter", "region", {"region": "any"}),
    ("I'd prefer to study in Europe but not in the UK", None, {"region": "europe"}),
    # budget (forms of money are tested with parse_money below)
    ("30", "budget_usd", {"budget_usd": 30000}),
    ("20", "budget", {"budget_usd": 20000}),
    ("doesn't matter", "budget_usd", {"budget_usd": None}),
    ("money is not an issue", None, {"budget_usd": None}),
    ("as cheap as possible", None, {"budget_usd": None, "budget_cheapest": True}),
    ("actually 40k", None, {"budget_usd": 40000}),
    ("I can spend up to 45k a year", None, {"budget_usd": 45000, "budget_period": "year"}),
    ("I can pay about 1500 a month", None, {"budget_usd": 1500, "budget_period": "month"}),
    ("40.000 euros", None, {"budget_amount": 40000, "budget_currency": "EUR"}),
    # several slots at once
    (
        "CS grad, want something online under 30k",
        None,
        {"field": "computer-science", "format": "online", "budget_usd": 30000},
    ),
    (
        "I studied economics and now I want to switch careers into NLP",
        None,
        {"field": "business-economics", "goal": "career-change", "interests": ["nlp"]},
    ),
    (
        "I'm a physicist, strong in math, python is ok",
        None,
        {"field": "natural-science", "math": "strong", "programming": "basic"},
    ),
    (
        "Part time while working, somewhere on the east coast, $35k tops",
        None,
        {"pace": "part-time", "region": "us-east", "budget_usd": 35000},
    ),
    (
        "I'm a nurse and I want to get into ML for healthcare",
        None,
        {"field": "other", "goal": "career-change", "interests": ["healthcare"]},
    ),
    ("doesn't matter, but part time", "format", {"format": "any", "pace": "part-time"}),
    # nothing to fill
    ("hello", None, {}),
    ("hello", "programming", {}),
    ("what is the GRE?", None, {}),
    ("I like pizza", None, {}),
    ("I'm 30 years old", None, {}),
    ("2", None, {}),
    ("not sure", "format", {}),
    ("whatever", "goal", {}),
    ("doesn't matter", None, {}),
    ("doesn't matter", "programming", {}),
    ("Can you tell us about Stanford?", None, {}),
    ("I need financial aid", None, {}),
]


@pytest.mark.parametrize(("text", "asking", "expected"), CASES, ids=[f"{t[:40]}|{a}" for t, a, _ in CASES])
def test_extract(text: str, asking: str | None, expected: dict[str, object]) -> None:
    assert extract(text, VOCAB, asking) == expected


# (what the person types, whether the budget was asked, what parse_money returns)
MONEY: list[tuple[str, bool, tuple[float | None, str | None] | None]] = [
    ("20 grand tops", True, (20000, "USD")),
    ("$35k", True, (35000, "USD")),
    ("35K", True, (35000, "USD")),
    ("under 40,000", False, (40000, "USD")),
    ("40.000 euros", False, (40000, "EUR")),
    ("€30.000", False, (30000, "EUR")),
    ("40 000 €", False, (40000, "EUR")),
    ("30,000 dollars", False, (30000, "USD")),
    ("up to 60,000 dollars", False, (60000, "USD")),
    ("max 30k", False, (30000, "USD")),
    ("£25k", False, (25000, "GBP")),
    ("CHF 45k", False, (45000, "CHF")),
    ("C$30k", False, (30000, "CAD")),
    ("US$50,000", False, (50000, "USD")),
    ("50,000 SGD", False, (50000, "SGD")),
    ("2.5k", True, (2500, "USD")),
    ("around 30k, maybe 35", False, (35000, "USD")),
    ("20-30k", False, (30000, "USD")),
    ("between 20 and 30 thousand euros", False, (30000, "EUR")),
    ("30k, actually 25k", False, (25000, "USD")),
    ("My budget is 50,000", False, (50000, "USD")),
    ("20", True, (20000, "USD")),
    ("20", False, None),
    ("as cheap as possible, max 20k", False, (20000, "USD")),
    ("as cheap as possible", False, CHEAPEST),
    ("no limit", False, NO_LIMIT),
    ("money is not an issue", False, NO_LIMIT),
    ("doesn't matter", True, NO_LIMIT),
    ("doesn't matter", False, None),
    ("I'm 30 years old", True, None),
    ("I graduated in 2015", False, None),
    ("I have 3 kids", True, None),
]


@pytest.mark.parametrize(("text", "bare", "expected"), MONEY, ids=[f"{t}|{b}" for t, b, _ in MONEY])
def test_parse_money(text: str, bare: bool, expected: tuple[float | None, str | None] | None) -> None:
    assert parse_money(text, VOCAB.money, bare=bare) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thirty-five thousand", (35000, "USD")),
        ("fifty grand", (50000, "USD")),
        ("about forty million won", (40_000_000, "KRW")),
        ("40 million won", (40_000_000, "KRW")),
        ("500,000 pesos", (500_000, "MXN")),
        ("a hundred thousand dollars at most", (100_000, "USD")),
        ("two hundred and fifty thousand rupees", (250_000, "INR")),
        ("five million yen", (5_000_000, "JPY")),
        ("twenty five k", (25000, "USD")),
    ],
)
def test_amounts_in_words_and_other_currencies(text: str, expected: tuple[float, str]) -> None:
    assert parse_money(text, VOCAB.money) == expected


def test_words_that_are_not_amounts_stay_words() -> None:
    assert parse_money("I have two kids and one job", VOCAB.money, bare=False) is None
    assert parse_money("a real budget of 30k", VOCAB.money) == (30000, "USD")


def test_a_currency_code_that_is_an_everyday_word_counts_only_in_capitals() -> None:
    # ALL (Albanian lek), TOP (Tongan pa'anga), TRY (Turkish lira), PEN (Peruvian sol)
    assert parse_money("money is tight, 15k total is the absolute top", VOCAB.money) == (15000, "USD")
    assert parse_money("12k is all I can do", VOCAB.money) == (12000, "USD")
    assert parse_money("I'd try for 20k", VOCAB.money) == (20000, "USD")
    assert parse_money("20,000 TRY", VOCAB.money) == (20000, "TRY")
    assert parse_money("about 9000 PEN", VOCAB.money) == (9000, "PEN")
    assert parse_money("30k usd", VOCAB.money) == (30000, "USD")  # not a word: any case


def test_a_small_number_in_words_counts_things_not_money() -> None:
    assert parse_money("one thing first, then the budget", VOCAB.money) is None
    assert parse_money("two questions before that", VOCAB.money) is None
    assert parse_money("twenty", VOCAB.money) == (20000, "USD")  # the bare answer to the budget


def test_reading_money_is_linear_in_the_length_of_the_message() -> None:
    import time

    def seconds(n: int) -> float:
        text = " ".join(f"{i % 90 + 10}k, maybe {i % 50 + 1} euros" for i in range(n))
        start = time.perf_counter()
        parse_money(text, VOCAB.money)
        return time.perf_counter() - start

    assert extract(" ".join(str(i) for i in range(1000)), VOCAB, "budget_usd") is not None
    assert parse_money("9" * 400, VOCAB.money) is None
    seconds(50)  # warm up
    small, large = seconds(250), seconds(1000)
    assert large < 0.5 and large < 10 * small + 0.01, (small, large)


def test_budget_is_converted_with_the_dated_rates() -> None:
    rates = yaml.safe_load((KNOWLEDGE / "currency_rates.yaml").read_text(encoding="utf-8"))["rates"]
    usd_per_unit = {r["currency"]: r["usd_per_unit"] for r in rates}
    assert extract("40.000 euros", VOCAB, usd_per_unit=usd_per_unit) == {"budget_usd": round(40000 * 1.0787)}
    assert extract("£25k", VOCAB, "budget_usd", usd_per_unit=usd_per_unit) == {"budget_usd": 31008}
    assert extract("$35k", VOCAB, usd_per_unit=usd_per_unit) == {"budget_usd": 35000}
    # no rate for the currency: the amount is kept in it, never relabelled as dollars
    assert extract("30,000 rupees", VOCAB, usd_per_unit={"EUR": 1.1}) == {
        "budget_amount": 30000,
        "budget_currency": "INR",
    }
    assert extract("40 million won", VOCAB, "budget_usd", usd_per_unit=usd_per_unit) == {
        "budget_usd": round(40_000_000 * usd_per_unit["KRW"])
    }
    assert extract("500,000 pesos", VOCAB, "budget_usd", usd_per_unit=usd_per_unit) == {
        "budget_usd": round(500_000 * usd_per_unit["MXN"])
    }
    assert extract("3 million naira", VOCAB, "budget_usd", usd_per_unit=usd_per_unit) == {
        "budget_amount": 3_000_000,
        "budget_currency": "NGN",
    }


def test_every_value_of_the_profile_has_phrases_and_no_other_value_exists() -> None:
    spec = yaml.safe_load((KNOWLEDGE / "profile.yaml").read_text(encoding="utf-8"))["slots"]
    for slot, definition in spec.items():
        if slot == "budget_usd":
            continue
        given = set(DATA[slot]) if slot in ("programming", "math") else set(DATA["slots"][slot])
        wanted = set(definition["values"]) - ({"any"} if slot == "region" else set())
        assert wanted <= given, slot
        assert given <= set(definition["values"]), slot
    for slot, table in DATA["when_asked"].items():
        assert set(table) <= set(spec[slot]["values"]), slot


def test_a_counselor_can_teach_a_new_phrase_without_python() -> None:
    assert extract("Lisboa", VOCAB) == {}
    data = copy.deepcopy(DATA)
    data["slots"]["region"]["europe"].append("Lisboa")
    assert extract("Lisboa", SlotVocabulary.from_data(data)) == {"region": "europe"}


def test_an_unquoted_yaml_word_is_named_not_silently_misread() -> None:
    data = yaml.safe_load("levels:\n  none: [no, nope]\n")
    with pytest.raises(ValueError, match="levels.none"):
        SlotVocabulary.from_data(data)


# (what the person types, the slot asked, the value the advisor checks in one line or None)
HINTS: list[tuple[str, str, str | None]] = [
    ("only the biostats class in college", "math", "basic"),
    ("I did a codecademy course once", "programming", "basic"),
    ("I live in Texas", "region", "us-south"),  # about the person: checked, not recorded
    ("hard to say", "math", None),
]


@pytest.mark.parametrize(("text", "asking", "want"), HINTS, ids=[c[0] for c in HINTS])
def test_hint(text: str, asking: str, want: str | None) -> None:
    assert hint(text, VOCAB, asking) == want


def test_one_analysis_holds_spans_scopes_cues_and_amounts() -> None:
    message = analyse("CS grad from Austin, not online but hybrid, 40 million won", VOCAB)
    first, second, third = message.parts
    assert first.has("place_background") and first.cue_before(3, ["place_background"]) == "place_background"
    negation = second.scopes[0]
    assert second.words[negation.start : negation.end] == ("online",)  # "but" ends the scope
    assert [(a.value, a.currency) for a in message.amounts] == [(40_000_000.0, "KRW")]
    assert {h.entry.value for h in third.hits("claims")} == set()


def test_a_format_said_in_a_condition_yields_to_the_formats_named() -> None:
    assert extract("online or hybrid; Chicago if any of it is on campus", VOCAB, "format") == {
        "format": "any",
        "formats": ["online", "hybrid"],
        "region": "us-midwest",
    }
    assert extract("if possible, hybrid", VOCAB, "format") == {"format": "hybrid"}  # the only one named


def test_mil_is_a_thousand_where_a_million_could_not_be_a_budget() -> None:
    rates = {"BRL": 0.2, "JPY": 0.0066}
    assert extract("uns 150 mil reais no máximo", VOCAB, "budget_usd", usd_per_unit=rates) == {
        "budget_usd": 30000
    }
    assert extract("2 mil yen", VOCAB, "budget_usd", usd_per_unit=rates) == {"budget_usd": 13200}
    assert extract("3 million yen", VOCAB, "budget_usd", usd_per_unit=rates) == {"budget_usd": 19800}
