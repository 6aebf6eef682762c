"""Vocabularies as data: country names and demonyms -> ISO3, blocs, titles, meeting verbs.

Country names come from pycountry (ISO 3166, maintained upstream); this module only adds what ISO
does not carry: the short names news uses ("Britain", "Russia"), demonyms ("Nepalese"), and the
bloc tokens of the contract (`AFRICA`, `ASEAN`, ...).
"""

import re
from functools import lru_cache

import polars as pl
import pycountry

# Names news uses that ISO's name / common_name / official_name do not give.
_EXTRA_NAMES = {
    "Britain": "GBR", "Great Britain": "GBR", "UK": "GBR", "U.K.": "GBR", "United Kingdom": "GBR",
    "England": "GBR", "Scotland": "GBR", "Wales": "GBR",
    "US": "USA", "U.S.": "USA", "USA": "USA", "United States": "USA", "America": "USA",
    "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "Laos": "LAO", "Lao": "LAO",
    "Vietnam": "VNM", "Viet Nam": "VNM", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA",
    "Moldova": "MDA", "South Korea": "KOR", "Republic of Korea": "KOR", "ROK": "KOR",
    "North Korea": "PRK", "DPRK": "PRK", "Democratic People's Republic of Korea": "PRK",
    "Taiwan": "TWN", "Palestine": "PSE", "Czech Republic": "CZE", "Czechia": "CZE",
    "Slovak Republic": "SVK", "Turkey": "TUR", "Türkiye": "TUR", "Turkiye": "TUR",
    "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV", "Côte d'Ivoire": "CIV", "Cape Verde": "CPV",
    "Brunei": "BRN", "Micronesia": "FSM", "East Timor": "TLS", "Timor-Leste": "TLS",
    "Macedonia": "MKD", "North Macedonia": "MKD", "Swaziland": "SWZ", "Eswatini": "SWZ",
    "Burma": "MMR", "Myanmar": "MMR", "Congo": "COG", "DR Congo": "COD", "DRC": "COD",
    "Democratic Republic of the Congo": "COD", "Vatican": "VAT", "Holy See": "VAT",
    "Kyrgyzstan": "KGZ", "Cabo Verde": "CPV", "Sao Tome and Principe": "STP",
    "People's Republic of China": "CHN", "PRC": "CHN", "Mainland China": "CHN",
    "Kingdom of Saudi Arabia": "SAU", "Islamic Republic of Iran": "IRN", "Hong Kong": "CHN",
    "Macao": "CHN", "Macau": "CHN",
}

# Demonyms and adjectives. ISO carries none; these are the forms wire copy uses.
_DEMONYMS = {
    "Chinese": "CHN", "British": "GBR", "English": "GBR", "American": "USA", "Russian": "RUS",
    "Cambodian": "KHM", "Nepalese": "NPL", "Nepali": "NPL", "Peruvian": "PER", "Brazilian": "BRA",
    "Mexican": "MEX", "Bolivian": "BOL", "Chilean": "CHL", "Cuban": "CUB", "Indonesian": "IDN",
    "Sri Lankan": "LKA", "Slovak": "SVK", "Slovakian": "SVK", "Saudi": "SAU", "Saudi Arabian": "SAU",
    "Iranian": "IRN", "South African": "ZAF", "Korean": "KOR", "South Korean": "KOR",
    "North Korean": "PRK", "Japanese": "JPN", "Indian": "IND", "Pakistani": "PAK",
    "Bangladeshi": "BGD", "Vietnamese": "VNM", "Lao": "LAO", "Laotian": "LAO", "Thai": "THA",
    "Malaysian": "MYS", "Singaporean": "SGP", "Filipino": "PHL", "Philippine": "PHL",
    "Myanmar": "MMR", "Burmese": "MMR", "Mongolian": "MNG", "Kazakh": "KAZ", "Kazakhstani": "KAZ",
    "Uzbek": "UZB", "Kyrgyz": "KGZ", "Tajik": "TJK", "Turkmen": "TKM", "Afghan": "AFG",
    "Iraqi": "IRQ", "Syrian": "SYR", "Lebanese": "LBN", "Jordanian": "JOR", "Israeli": "ISR",
    "Palestinian": "PSE", "Egyptian": "EGY", "Turkish": "TUR", "Emirati": "ARE", "Qatari": "QAT",
    "Kuwaiti": "KWT", "Omani": "OMN", "Yemeni": "YEM", "Bahraini": "BHR", "Algerian": "DZA",
    "Moroccan": "MAR", "Tunisian": "TUN", "Libyan": "LBY", "Sudanese": "SDN", "Ethiopian": "ETH",
    "Kenyan": "KEN", "Tanzanian": "TZA", "Ugandan": "UGA", "Rwandan": "RWA", "Nigerian": "NGA",
    "Ghanaian": "GHA", "Senegalese": "SEN", "Malian": "MLI", "Zambian": "ZMB", "Zimbabwean": "ZWE",
    "Mozambican": "MOZ", "Angolan": "AGO", "Namibian": "NAM", "Botswanan": "BWA",
    "Congolese": "COG", "Cameroonian": "CMR", "Malagasy": "MDG", "Djiboutian": "DJI",
    "Somali": "SOM", "Eritrean": "ERI", "German": "DEU", "French": "FRA", "Italian": "ITA",
    "Spanish": "ESP", "Portuguese": "PRT", "Dutch": "NLD", "Belgian": "BEL", "Swiss": "CHE",
    "Austrian": "AUT", "Polish": "POL", "Czech": "CZE", "Hungarian": "HUN", "Romanian": "ROU",
    "Bulgarian": "BGR", "Greek": "GRC", "Serbian": "SRB", "Croatian": "HRV", "Slovenian": "SVN",
    "Bosnian": "BIH", "Montenegrin": "MNE", "Albanian": "ALB", "Macedonian": "MKD",
    "Ukrainian": "UKR", "Belarusian": "BLR", "Moldovan": "MDA", "Georgian": "GEO",
    "Armenian": "ARM", "Azerbaijani": "AZE", "Swedish": "SWE", "Norwegian": "NOR", "Danish": "DNK",
    "Finnish": "FIN", "Irish": "IRL", "Icelandic": "ISL", "Estonian": "EST", "Latvian": "LVA",
    "Lithuanian": "LTU", "Maltese": "MLT", "Cypriot": "CYP", "Luxembourgish": "LUX",
    "Canadian": "CAN", "Argentine": "ARG", "Argentinian": "ARG", "Colombian": "COL",
    "Venezuelan": "VEN", "Ecuadorian": "ECU", "Uruguayan": "URY", "Paraguayan": "PRY",
    "Nicaraguan": "NIC", "Honduran": "HND", "Salvadoran": "SLV", "Guatemalan": "GTM",
    "Panamanian": "PAN", "Costa Rican": "CRI", "Dominican": "DOM", "Jamaican": "JAM",
    "Haitian": "HTI", "Trinidadian": "TTO", "Barbadian": "BRB", "Guyanese": "GUY",
    "Surinamese": "SUR", "Australian": "AUS", "New Zealand": "NZL", "Fijian": "FJI",
    "Samoan": "WSM", "Tongan": "TON", "Solomon Islands": "SLB", "Papua New Guinean": "PNG",
    "Vanuatuan": "VUT", "Kiribati": "KIR", "Nauruan": "NRU", "Maldivian": "MDV",
    "Bhutanese": "BTN", "Timorese": "TLS", "Bruneian": "BRN", "Belarussian": "BLR",
    "Gabonese": "GAB", "Guinean": "GIN", "Ivorian": "CIV", "Beninese": "BEN", "Togolese": "TGO",
    "Burkinabe": "BFA", "Nigerien": "NER", "Chadian": "TCD", "Mauritanian": "MRT",
    "Gambian": "GMB", "Liberian": "LBR", "Sierra Leonean": "SLE", "Malawian": "MWI",
    "Burundian": "BDI", "Seychellois": "SYC", "Mauritian": "MUS", "Comorian": "COM",
    "Equatorial Guinean": "GNQ", "Cape Verdean": "CPV", "South Sudanese": "SSD",
}

# Blocs and regions that stand where a country would ("China-Africa", "China-ASEAN").
BLOCS = {
    "Africa": "AFRICA", "African": "AFRICA", "ASEAN": "ASEAN", "CELAC": "CELAC", "EU": "EU",
    "European Union": "EU", "Europe": "EU", "European": "EU", "BRICS": "BRICS",
    "Arab States": "ARAB_STATES", "Arab": "ARAB_STATES", "Pacific Island Countries": "PACIFIC_ISLANDS",
    "Pacific Islands": "PACIFIC_ISLANDS", "Latin America": "CELAC",
    "Latin America and the Caribbean": "CELAC",
}


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Every name, short name and demonym we recognise -> ISO3 (not blocs)."""
    aliases: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            # ISO names with commas ("Korea, Republic of") never occur like that in prose.
            if name and "," not in name and "(" not in name:
                aliases[name] = country.alpha_3
    aliases.update(_EXTRA_NAMES)
    aliases.update(_DEMONYMS)
    return aliases


@lru_cache(maxsize=1)
def place_aliases() -> dict[str, str]:
    """Countries and blocs: every alias -> code."""
    return {**country_aliases(), **BLOCS}


def alternation(names) -> str:
    """A regex alternation of literal names, longest first so 'South African' beats 'South'."""
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def country_pattern(include_blocs: bool = False) -> str:
    names = place_aliases() if include_blocs else country_aliases()
    return r"\b(?:" + alternation(names) + r")\b"


def to_code(expr: pl.Expr, include_blocs: bool = False) -> pl.Expr:
    """Name / demonym -> ISO3 (or bloc token); null when unknown."""
    mapping = place_aliases() if include_blocs else country_aliases()
    return expr.replace_strict(mapping, default=None, return_dtype=pl.String)


# Cities seen in datelines and meeting sentences -> ISO3, for `location_country`.
CITIES = {
    "Beijing": "CHN", "Shanghai": "CHN", "Guangzhou": "CHN", "Shenzhen": "CHN", "Tianjin": "CHN",
    "Xiamen": "CHN", "Chengdu": "CHN", "Hangzhou": "CHN", "Xi'an": "CHN", "Wuhan": "CHN",
    "Kunming": "CHN", "Nanning": "CHN", "Urumqi": "CHN", "Hong Kong": "CHN", "Macao": "CHN",
    "Shenyang": "CHN", "Dandong": "CHN", "Rio de Janeiro": "BRA", "Brasilia": "BRA",
    "Brasília": "BRA", "Sao Paulo": "BRA", "Lima": "PER", "Riyadh": "SAU", "Jeddah": "SAU",
    "Cape Town": "ZAF", "Pretoria": "ZAF", "Johannesburg": "ZAF", "Kathmandu": "NPL",
    "Phnom Penh": "KHM", "Jakarta": "IDN", "Colombo": "LKA", "Havana": "CUB", "Mexico City": "MEX",
    "La Paz": "BOL", "Santiago": "CHL", "Bratislava": "SVK", "London": "GBR", "Moscow": "RUS",
    "Kazan": "RUS", "Pyongyang": "PRK", "Tehran": "IRN", "Washington": "USA", "New York": "USA",
    "San Francisco": "USA", "Paris": "FRA", "Berlin": "DEU", "Brussels": "BEL", "Rome": "ITA",
    "Madrid": "ESP", "Geneva": "CHE", "Vienna": "AUT", "Budapest": "HUN", "Belgrade": "SRB",
    "Astana": "KAZ", "Tashkent": "UZB", "Bishkek": "KGZ", "Dushanbe": "TJK", "Islamabad": "PAK",
    "New Delhi": "IND", "Dhaka": "BGD", "Hanoi": "VNM", "Vientiane": "LAO", "Bangkok": "THA",
    "Kuala Lumpur": "MYS", "Singapore": "SGP", "Manila": "PHL", "Tokyo": "JPN", "Seoul": "KOR",
    "Ulaanbaatar": "MNG", "Canberra": "AUS", "Wellington": "NZL", "Cairo": "EGY",
    "Addis Ababa": "ETH", "Nairobi": "KEN", "Dar es Salaam": "TZA", "Abuja": "NGA",
    "Dakar": "SEN", "Luanda": "AGO", "Harare": "ZWE", "Caracas": "VEN", "Buenos Aires": "ARG",
    "Bogota": "COL", "Montevideo": "URY", "Managua": "NIC", "Ankara": "TUR", "Istanbul": "TUR",
    "Abu Dhabi": "ARE", "Dubai": "ARE", "Doha": "QAT", "Baku": "AZE", "Minsk": "BLR",
    "Kyiv": "UKR", "Warsaw": "POL", "Prague": "CZE", "Athens": "GRC", "Lisbon": "PRT",
    "Ottawa": "CAN", "Vientane": "LAO", "Bandung": "IDN", "Samarkand": "UZB",
}
