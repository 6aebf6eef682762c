"""Synthetic corpus of any size in the sample's text-dump format, with known event counts.

    .venv/bin/python bench/generate_corpus.py --mb 100 --out bench/.cache/corpus-100mb.txt [--seed 7]

Writes PATH (a dump laid out like data/sample/sample-2024q4.txt: title lines, paragraphs between
blank lines, blog entries that reprint Xinhua reports with datelines "BEIJING, Dec. 3 (Xinhua) —",
`Continue reading <title>` markers) and PATH.counts.json: how many articles, how many sentences of
each event type were written (`mentions`, what raw.*_mentions should hold) and how many distinct
real-world events they tell (`events`, what the marts should hold after deduplication: a meeting is
(date, participants), a visit (visitor, host, start), a partnership (country, label, action, date),
an anniversary (country, ordinal, year)).

Events are built from a table of real office-holders (name, role, country, demonym), the Chinese
counterparts, and the reference seeds' establishment dates (anniversary ordinals are right). Every
event falls in one calendar year (`--year`, default 2024), because a dump's datelines ("Dec. 3")
carry no year and the pipeline reads them in one reference year; pass `--reference-year` the same
year to `readout run`. Filler paragraphs (commentary with no event vocabulary) bring the event
density close to the sample's. Written article by article, so memory stays flat at any size.
"""

import argparse
import calendar
import csv
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# (ISO3, demonym, country name, capital, [(name, role), ...])
LEADERS = [
    (
        "KHM",
        "Cambodian",
        "Cambodia",
        "Phnom Penh",
        [("Hun Manet", "Prime Minister"), ("Sok Chenda Sophea", "Foreign Minister")],
    ),
    ("IDN", "Indonesian", "Indonesia", "Jakarta", [("Prabowo Subianto", "President")]),
    (
        "VNM",
        "Vietnamese",
        "Vietnam",
        "Hanoi",
        [("Luong Cuong", "President"), ("Pham Minh Chinh", "Prime Minister")],
    ),
    ("LAO", "Lao", "Laos", "Vientiane", [("Sonexay Siphandone", "Prime Minister")]),
    ("MYS", "Malaysian", "Malaysia", "Kuala Lumpur", [("Anwar Ibrahim", "Prime Minister")]),
    ("THA", "Thai", "Thailand", "Bangkok", [("Paetongtarn Shinawatra", "Prime Minister")]),
    ("SGP", "Singaporean", "Singapore", "Singapore", [("Lawrence Wong", "Prime Minister")]),
    (
        "PAK",
        "Pakistani",
        "Pakistan",
        "Islamabad",
        [("Shehbaz Sharif", "Prime Minister"), ("Ishaq Dar", "Foreign Minister")],
    ),
    ("LKA", "Sri Lankan", "Sri Lanka", "Colombo", [("Harini Amarasuriya", "Prime Minister")]),
    ("NPL", "Nepalese", "Nepal", "Kathmandu", [("Ram Chandra Poudel", "President")]),
    ("KAZ", "Kazakh", "Kazakhstan", "Astana", [("Kassym-Jomart Tokayev", "President")]),
    ("UZB", "Uzbek", "Uzbekistan", "Tashkent", [("Shavkat Mirziyoyev", "President")]),
    ("KGZ", "Kyrgyz", "Kyrgyzstan", "Bishkek", [("Sadyr Japarov", "President")]),
    ("TJK", "Tajik", "Tajikistan", "Dushanbe", [("Emomali Rahmon", "President")]),
    ("MNG", "Mongolian", "Mongolia", "Ulaanbaatar", [("Ukhnaagiin Khurelsukh", "President")]),
    (
        "RUS",
        "Russian",
        "Russia",
        "Moscow",
        [("Vladimir Putin", "President"), ("Sergey Lavrov", "Foreign Minister")],
    ),
    ("SRB", "Serbian", "Serbia", "Belgrade", [("Aleksandar Vucic", "President")]),
    ("HUN", "Hungarian", "Hungary", "Budapest", [("Viktor Orban", "Prime Minister")]),
    ("SVK", "Slovak", "Slovakia", "Bratislava", [("Robert Fico", "Prime Minister")]),
    (
        "FRA",
        "French",
        "France",
        "Paris",
        [("Emmanuel Macron", "President"), ("Jean-Noel Barrot", "Foreign Minister")],
    ),
    ("DEU", "German", "Germany", "Berlin", [("Olaf Scholz", "Chancellor")]),
    ("ESP", "Spanish", "Spain", "Madrid", [("Pedro Sanchez", "Prime Minister")]),
    ("ITA", "Italian", "Italy", "Rome", [("Giorgia Meloni", "Prime Minister")]),
    (
        "GBR",
        "British",
        "United Kingdom",
        "London",
        [("Keir Starmer", "Prime Minister"), ("David Lammy", "Foreign Secretary")],
    ),
    ("BRA", "Brazilian", "Brazil", "Brasilia", [("Mauro Vieira", "Foreign Minister")]),
    ("MEX", "Mexican", "Mexico", "Mexico City", [("Claudia Sheinbaum Pardo", "President")]),
    ("PER", "Peruvian", "Peru", "Lima", [("Dina Boluarte", "President")]),
    ("BOL", "Bolivian", "Bolivia", "La Paz", [("Luis Arce", "President")]),
    ("CHL", "Chilean", "Chile", "Santiago", [("Gabriel Boric", "President")]),
    ("COL", "Colombian", "Colombia", "Bogota", [("Gustavo Petro", "President")]),
    ("CUB", "Cuban", "Cuba", "Havana", [("Miguel Diaz-Canel", "President")]),
    ("ZAF", "South African", "South Africa", "Pretoria", [("Cyril Ramaphosa", "President")]),
    ("KEN", "Kenyan", "Kenya", "Nairobi", [("William Ruto", "President")]),
    ("NGA", "Nigerian", "Nigeria", "Abuja", [("Bola Tinubu", "President")]),
    (
        "EGY",
        "Egyptian",
        "Egypt",
        "Cairo",
        [("Abdel Fattah al-Sisi", "President"), ("Badr Abdelatty", "Foreign Minister")],
    ),
    ("ETH", "Ethiopian", "Ethiopia", "Addis Ababa", [("Abiy Ahmed", "Prime Minister")]),
    ("TZA", "Tanzanian", "Tanzania", "Dodoma", [("Samia Suluhu Hassan", "President")]),
    ("ZWE", "Zimbabwean", "Zimbabwe", "Harare", [("Emmerson Mnangagwa", "President")]),
    ("SEN", "Senegalese", "Senegal", "Dakar", [("Bassirou Diomaye Faye", "President")]),
    ("DZA", "Algerian", "Algeria", "Algiers", [("Abdelmadjid Tebboune", "President")]),
    ("SAU", "Saudi", "Saudi Arabia", "Riyadh", [("Faisal bin Farhan", "Foreign Minister")]),
    ("IRN", "Iranian", "Iran", "Tehran", [("Masoud Pezeshkian", "President")]),
    ("TUR", "Turkish", "Turkey", "Ankara", [("Recep Tayyip Erdogan", "President")]),
    ("AUS", "Australian", "Australia", "Canberra", [("Anthony Albanese", "Prime Minister")]),
    ("NZL", "New Zealand", "New Zealand", "Wellington", [("Christopher Luxon", "Prime Minister")]),
    ("KOR", "South Korean", "South Korea", "Seoul", [("Yoon Suk Yeol", "President")]),
]
# (name, role as introduced, short form used in a Xinhua lead)
CHINESE = [
    ("Xi Jinping", "President"),
    ("Li Qiang", "Premier"),
    ("Wang Yi", "Foreign Minister"),
    ("Han Zheng", "Vice President"),
    ("Zhao Leji", "top legislator"),
    ("Wang Huning", "top political advisor"),
]
LABELS = [
    "comprehensive strategic partnership",
    "strategic partnership",
    "comprehensive strategic cooperative partnership",
    "strategic cooperative partnership",
    "comprehensive cooperative partnership",
    "all-round strategic partnership",
]
AP_MONTHS = [
    "",
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
DATELINE_CITIES = ["BEIJING", "BEIJING", "BEIJING", "SHANGHAI", "GUANGZHOU", "HANGZHOU"]

FILLER = [
    "The global economy continues to face headwinds, from weak demand to rising protectionism, "
    "and developing economies have borne the brunt of these pressures.",
    "Analysts note that trade volumes across the region have grown steadily over the past decade, "
    "driven by infrastructure, energy and digital projects.",
    "Observers pointed to the growing weight of the Global South in international affairs and the "
    "need for a more balanced multilateral system.",
    "The commentary argues that unilateral sanctions and bloc confrontation serve no one's interest "
    "and only deepen divisions.",
    "Ports, railways and industrial parks built in recent years have created jobs and improved "
    "connectivity for millions of people.",
    "Students, scholars and journalists have become the most active bridge between the two peoples, "
    "according to a recent survey.",
    "Experts expect green energy, electric vehicles and artificial intelligence to be the next "
    "drivers of practical cooperation.",
    "The editorial warned against attempts to politicize economic issues or to draw ideological lines "
    "in international relations.",
    "Exports of agricultural products rose by double digits, and new direct flights opened "
    "between several cities.",
    "Local officials said the industrial park has attracted dozens of companies and trained "
    "thousands of technicians.",
    "Readers of this blog will recall earlier posts on poverty alleviation, rural revitalization "
    "and the spread of high-speed rail.",
    "Such cooperation, the author argues, is a model of mutual respect, equality and mutual benefit "
    "between developing countries.",
    "Cultural festivals, film weeks and language programmes drew large crowds throughout the season.",
    "Financial institutions pledged to expand local currency settlement and to support small and "
    "medium-sized enterprises.",
]
CLOSINGS = [
    "calling for firm mutual support to consolidate the friendship between the two countries",
    "vowing to deepen practical cooperation in trade, investment and infrastructure",
    "pledging to strengthen coordination on regional and international affairs",
    "agreeing to expand people-to-people and cultural exchanges",
]
BLOG_TITLES = [
    "Friends and partners: notes on {country}",
    "{country} and China: a model for the Global South",
    "Why {country} matters",
    "Building bridges with {country}",
    "A new chapter for China and {country}",
    "Reading the news from {country}",
]


def _established() -> dict[str, date]:
    path = REPO / "dbt_project" / "seeds" / "diplomatic_relations.csv"
    with path.open(encoding="utf-8") as handle:
        return {
            row["country_iso3"]: date.fromisoformat(row["established_on"])
            for row in csv.DictReader(handle)
            if row["established_on"]
        }


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _long(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.day}"


class Generator:
    def __init__(self, seed: int, year: int) -> None:
        self.rng = random.Random(seed)
        self.year = year
        self.established = _established()
        self.leaders = [entry for entry in LEADERS if entry[0] in self.established]
        self.mentions = {"meeting": 0, "visit": 0, "partnership": 0, "anniversary": 0}
        self.events = {kind: set() for kind in self.mentions}
        self.articles = 0
        self.serial = 0

    def _day(self, latest: date | None = None) -> date:
        start = date(self.year, 1, 1)
        span = ((latest or date(self.year, 12, 31)) - start).days
        return start + timedelta(days=self.rng.randint(0, span))

    def _filler(self, n: int) -> list[str]:
        return [" ".join(self.rng.sample(FILLER, self.rng.randint(2, 5))) for _ in range(n)]

    def _pick(self):
        iso, demonym, country, capital, people = self.rng.choice(self.leaders)
        name, role = self.rng.choice(people)
        cn_name, cn_role = self.rng.choice(CHINESE)
        return iso, demonym, country, capital, name, role, cn_name, cn_role

    def _meeting(self, kind: str, day: date, iso: str, name: str, cn_name: str) -> None:
        self.mentions["meeting"] += 1
        self.events["meeting"].add(hash((day, cn_name, name)))

    def _partnership(self, day: date, iso: str, country: str) -> str:
        label = self.rng.choice(LABELS)
        if self.rng.random() < 0.4:
            action, text = (
                "established",
                (f"The two sides agreed to elevate China-{country} relations to a {label}."),
            )
        else:
            action, text = (
                "status",
                (f"Both sides pledged to further enrich the China-{country} {label}."),
            )
        self.mentions["partnership"] += 1
        self.events["partnership"].add(hash((iso, label, action, day)))
        return text

    def _anniversary(self, iso: str, country: str) -> str:
        founded = self.established[iso].year
        if self.rng.random() < 0.5:
            year, when = self.year + 1, "next year"
        else:
            year, when = self.year, "this year"
        ordinal = year - founded
        self.mentions["anniversary"] += 1
        self.events["anniversary"].add(hash((iso, ordinal, year)))
        return (
            f"Noting that {when} marks the {_ordinal(ordinal)} anniversary of the establishment "
            f"of diplomatic relations between China and {country}, he called on both sides to "
            f"carry forward their traditional friendship."
        )

    def _reprint(self) -> tuple[str, list[str], str]:
        """A Xinhua report: title, paragraphs (dateline first), the country it is about."""
        iso, demonym, country, capital, name, role, cn_name, cn_role = self._pick()
        day = self._day()
        weekday = calendar.day_name[day.weekday()]
        kind = self.rng.choice(["held talks with", "met with", "held a phone call with"])
        where = "" if "phone" in kind else " in Beijing"
        city = "BEIJING" if where else self.rng.choice(DATELINE_CITIES)
        lead = (
            f"{city}, {AP_MONTHS[day.month]} {day.day} (Xinhua) — Chinese {cn_role} {cn_name} "
            f"{kind} {demonym} {role} {name}{where} on {weekday}, "
            f"{self.rng.choice(CLOSINGS)}."
        )
        self._meeting(kind, day, iso, name, cn_name)
        paragraphs = [lead, *self._filler(self.rng.randint(1, 3))]
        if self.rng.random() < 0.35:
            paragraphs.append(self._partnership(day, iso, country))
        if self.rng.random() < 0.25:
            paragraphs.append(self._anniversary(iso, country))
        paragraphs += self._filler(self.rng.randint(0, 2))
        verb = {
            "held talks with": "holds talks with",
            "met with": "meets",
            "held a phone call with": "holds phone call with",
        }[kind]
        title = f"{cn_name} {verb} {demonym} {role} {name}"
        return title, paragraphs, country

    def _blog(self) -> tuple[str, list[str], str]:
        """A blog entry: meetings told with full dates, maybe a state visit, commentary."""
        iso, demonym, country, capital, name, role, cn_name, cn_role = self._pick()
        paragraphs = self._filler(self.rng.randint(1, 2))
        if self.rng.random() < 0.5:
            start = self._day(date(self.year, 12, 25))
            end = start + timedelta(days=self.rng.randint(2, 4))
            span = (
                f"{calendar.month_name[start.month]} {start.day}-{end.day}"
                if start.month == end.month
                else f"{_long(start)} to {_long(end)}"
            )
            vtype = self.rng.choice(["state", "official", "working"])
            paragraphs.append(
                f"{demonym} {role} {name} paid a {vtype} visit to China from {span} at the "
                f"invitation of the Chinese government."
            )
            self.mentions["visit"] += 1
            self.events["visit"].add(hash((name, "CHN", start)))
            day = start + timedelta(days=1)
        else:
            day = self._day()
        paragraphs.append(
            f"On {_long(day)}, Chinese {cn_role} {cn_name} met with {demonym} {role} "
            f"{name} in Beijing."
        )
        self._meeting("met with", day, iso, name, cn_name)
        if self.rng.random() < 0.2:
            paragraphs.append(
                f"The meeting took place on {_long(day)}, {self.year}, and was "
                "described by both sides as candid and productive."
            )
        paragraphs += self._filler(self.rng.randint(1, 3))
        title = self.rng.choice(BLOG_TITLES).format(country=country)
        return title, paragraphs, country

    def entry(self) -> str:
        """One dump entry: a blog post (maybe reprinting a Xinhua report) or a teaser."""
        self.serial += 1
        roll = self.rng.random()
        if roll < 0.45:  # blog intro + Xinhua reprint
            title, paragraphs, country = self._reprint()
            intro = self._filler(1) + [
                "The following article was originally published by the Xinhua News Agency."
            ]
            blog_title = f"{self.rng.choice(BLOG_TITLES).format(country=country)} ({self.serial})"
            self.articles += 2
            return "\n\n".join([blog_title, *intro, f"{title} ({self.serial})", *paragraphs])
        title, paragraphs, _ = self._blog()
        title = f"{title} ({self.serial})"
        self.articles += 1
        if roll < 0.75:  # excerpt with a Continue reading marker
            return "\n\n".join([title, *paragraphs, f"Continue reading {title}"])
        return "\n\n".join([title, *paragraphs])

    def counts(self, size: int) -> dict:
        return {
            "bytes": size,
            "articles": self.articles,
            "reference_year": self.year,
            "mentions": dict(self.mentions),
            "events": {
                {
                    "meeting": "meetings",
                    "visit": "visits",
                    "partnership": "partnerships",
                    "anniversary": "anniversaries",
                }[kind]: len(keys)
                for kind, keys in self.events.items()
            },
        }


def generate(out: Path, mb: float, seed: int = 7, year: int = 2024) -> dict:
    """Write a corpus of about `mb` MB to `out` and its counts to `out`.counts.json."""
    out.parent.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed, year)
    target, size = int(mb * 1_000_000), 0
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        buffer: list[str] = []
        while size < target:
            text = gen.entry() + "\n\n"
            size += len(text.encode("utf-8"))
            buffer.append(text)
            if len(buffer) >= 500:
                handle.write("".join(buffer))
                buffer.clear()
        handle.write("".join(buffer))
    counts = gen.counts(size)
    tmp.replace(out)
    Path(str(out) + ".counts.json").write_text(json.dumps(counts, indent=2) + "\n")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, required=True, help="size in MB (10^6 bytes)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--year", type=int, default=2024, help="the calendar year of every event")
    args = parser.parse_args()
    counts = generate(args.out, args.mb, args.seed, args.year)
    json.dump(counts, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
