"""The meeting and visit rules written the obvious way: a Python loop over articles, `re` per sentence.

The yardstick for the vectorized extractors (bench/run_bench.py reports the ratio). It applies the
same rules as transform/extract/meetings.py and transform/extract/visits.py, with the same regex constants and
vocabularies, compiled with Python's `re`:
- sentences: split each paragraph line where [.!?] (and closers) meet whitespace and a capital,
  digit, quote or bracket, with the same abbreviations protected;
- people: the article's introductions (transform.extract.people.introduction_patterns: "Chinese President
  Xi Jinping", "Zhao Leji, China's top legislator", ...) and curated names, each with a country;
- meeting: a meeting verb, no planning word before it (NOT_HAPPENED), not "meet the needs", and
  people of two or more countries in the sentence (or "he" + one other country: the protagonist);
  each home-side person meets each other-country person; date from the sentence ("On December 3",
  "on Tuesday" against the dateline) or the article's dateline;
- visit: "visit" with no planning word before it, a host country or city (visits.py's host
  pattern), and the first person of another country named in the sentence as the visitor.
It is faithful in what it looks for, not in every corner (no "the two men", no multi-meeting
sentence segments, no occasion/location): a simple but honest implementation of the same rules.
"""

import calendar
import re
from datetime import date, timedelta

from transform.extract import meetings, people, sentences, visits, vocab
from transform.extract.dates import DATELINE

_MONTHS = {name.lower()[:3]: i for i, name in enumerate(calendar.month_name) if name}
_ABBREV = re.compile(
    rf"\b(?:{'|'.join(sentences.TITLE_ABBREVIATIONS)})\.|"
    rf"\b(?:{'|'.join(sentences.NUMBER_ABBREVIATIONS)})\.(?=\s*\d)|\b[ap]\.m\.|\b[A-Z]\."
)
_BREAK = re.compile(r"(?<=[.!?…])[”’\"')\]]*\s+(?=[“‘\"'(\[A-Z0-9])")
_WEEKDAY = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DAY = re.compile(
    r"\b(?:On|on) (January|February|March|April|May|June|July|August|September|"
    r"October|November|December) (\d{1,2})\b"
)


class NaiveExtractor:
    def __init__(self) -> None:
        verb = f"(?:{meetings.MEETING_VERB})|(?:{meetings.SPOKE_BY_PHONE})"
        self.verb = re.compile(verb)
        self.not_happened = re.compile(meetings.NOT_HAPPENED)
        self.not_after = re.compile(meetings.NOT_HAPPENED_AFTER)
        self.not_meeting = re.compile(meetings.NOT_A_MEETING)
        self.pronoun = re.compile(meetings.PRONOUN_SUBJECT)
        self.intros = [re.compile(p) for p in people.introduction_patterns()]
        self.aliases = {k.replace("’", "'"): v for k, v in vocab.country_aliases().items()}
        curated = people.curated_aliases()
        self.curated_country = {name: country for name, _r, country, _o in people.CURATED_PEOPLE}
        self.curated = re.compile(r"\b(" + vocab.alternation(curated) + r")\b")
        self.curated_names = curated
        self.dateline = re.compile(DATELINE)
        self.visit_word = re.compile(r"(?i)\bvisit")
        self.visit_before = re.compile(r"(?i)^(.*?)\bvisit")
        self.visit_not = re.compile(visits.NOT_HAPPENED)
        self.host = re.compile(visits._host_pattern())
        self.range = re.compile(visits.RANGE)
        self.place_code = {**{k: v for k, v in vocab.country_names().items()}, **vocab.cities()}

    # -- per article ---------------------------------------------------------------------------

    def split(self, body: str) -> list[str]:
        out = []
        for line in body.split("\n"):
            protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\ue000"), line)
            out += [s.replace("\ue000", ".").strip() for s in _BREAK.split(protected) if s.strip()]
        return out

    def people_of(self, sents: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for sentence in sents:
            for pattern in self.intros:
                for m in pattern.finditer(sentence):
                    place = m.group("place").replace("’", "'")
                    code = self.aliases.get(place)
                    if code and m.group("name"):
                        found.setdefault(m.group("name").strip(" ,.’'"), code)
            for m in self.curated.finditer(sentence):
                name = self.curated_names[m.group(1)]
                found.setdefault(name, self.curated_country[name])
        return found

    def refs(self, sentence: str, known: dict[str, str]) -> list[tuple[int, str, str]]:
        hits = []
        for name, code in known.items():
            pos = sentence.find(name)
            if pos < 0 and " " in name:
                pos = sentence.find(name.split()[-1])
            if pos >= 0:
                hits.append((pos, name, code))
        return sorted(hits)

    def date_of(self, sentence: str, published: date | None, year: int) -> date | None:
        m = _DAY.search(sentence)
        if m:
            return date(year, _MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
        m = _WEEKDAY.search(sentence)
        if m and published:
            back = (published.weekday() - list(calendar.day_name).index(m.group(1))) % 7
            return published - timedelta(days=back)
        return published

    def article(self, article_id: str, body: str, year: int) -> tuple[list, list]:
        sents = self.split(body)
        dl = self.dateline.match(body)
        published = None
        if dl:
            published = date(year, _MONTHS[dl.group("month").lower()[:3]], int(dl.group("day")))
        known = self.people_of(sents)
        protagonist = None
        found_meetings, found_visits = [], []
        for index, sentence in enumerate(sents):
            sentence = sentence.replace("\u00a0", " ")
            refs = self.refs(sentence, known)
            if protagonist is None and refs:
                protagonist = refs[0]
            verb = self.verb.search(sentence)
            if (
                verb
                and not self.not_happened.search(sentence[: verb.start()])
                and not self.not_after.search(sentence)
                and not self.not_meeting.search(sentence)
            ):
                side = refs
                if (
                    self.pronoun.search(sentence)
                    and protagonist
                    and len({c for _, _, c in refs}) == 1
                    and refs[0][2] != protagonist[2]
                ):
                    side = [protagonist, *refs]
                if len({c for _, _, c in side}) >= 2:
                    home = side[0][2]
                    when = self.date_of(sentence, published, year)
                    for _, a, ca in side:
                        if ca != home:
                            continue
                        for _, b, cb in side:
                            if cb != home:
                                found_meetings.append(
                                    (article_id, index, when, tuple(sorted((a, b))))
                                )
            if self.visit_word.search(sentence):
                before = self.visit_before.search(sentence)
                if before and not self.visit_not.search(before.group(1)):
                    for m in self.host.finditer(sentence):
                        place = m.group("h1") or m.group("h2") or m.group("h4") or ""
                        host = self.aliases.get(place.replace("’", "'")) or self.place_code.get(
                            place
                        )
                        visitor = next((r for r in refs if r[2] != host), None)
                        if host and visitor:
                            r = self.range.search(sentence)
                            start = (
                                date(year, _MONTHS[r.group("m1").lower()[:3]], int(r.group("d1")))
                                if r
                                else None
                            )
                            found_visits.append((article_id, index, visitor[1], host, start))
        return found_meetings, found_visits


def extract(articles, year: int) -> tuple[list, list]:
    """Meeting and visit mentions of `articles` (an iterable of (article_id, body))."""
    extractor = NaiveExtractor()
    all_meetings, all_visits = [], []
    for article_id, body in articles:
        m, v = extractor.article(article_id, body, year)
        all_meetings += m
        all_visits += v
    return all_meetings, all_visits
