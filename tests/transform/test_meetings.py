"""Meeting extraction on sentences taken verbatim from the sample corpus (and a few hard negatives)."""

from datetime import date

import polars as pl
from sentence_frames import article

from transform.extract.meetings import extract_meeting_mentions


def meetings(sentences, **kw) -> pl.DataFrame:
    s, a = article(sentences, **kw)
    return extract_meeting_mentions(s, a).collect()


def pairs(df: pl.DataFrame) -> list[tuple]:
    return sorted(
        (tuple(r["participants"]), r["meeting_date"], r["meeting_kind"]) for r in df.to_dicts()
    )


def test_xinhua_lead_with_weekday_is_dated_against_the_dateline():
    df = meetings(
        [
            "BEIJING, Dec. 3 (Xinhua) — Xi Jinping, general secretary of the Communist Party of China "
            "(CPC) Central Committee and Chinese president, held talks with Cambodian People’s Party "
            "(CPP) President and Senate President Samdech Techo Hun Sen in Beijing on Tuesday, calling "
            "for firm mutual support to consolidate the ironclad friendship between the two countries."
        ],
        published=date(2024, 12, 3),
        dateline="BEIJING, Dec. 3 (Xinhua) —",
        dateline_place="Beijing",
    )
    row = df.row(0, named=True)
    assert df.height == 1
    assert row["participants"] == ["Hun Sen", "Xi Jinping"]
    assert row["country_codes"] == ["CHN", "KHM"]
    assert row["meeting_kind"] == "talks"
    assert (row["meeting_date"], row["date_precision"], row["date_source"]) == (
        date(2024, 12, 3),
        "day",
        "relative",
    )
    assert (row["location"], row["location_country"]) == ("Beijing", "CHN")


def test_the_following_day_counts_from_the_last_day_named():
    df = meetings(
        [
            "Chinese President Xi Jinping, who is also General Secretary of the CPC Central Committee, "
            "met with Hun Sen on December 3 and called for firm mutual support.",
            "Xi called on both sides to deepen exchanges and mutual learning to seek common development.",
            "The following day, Hun Sen met with Zhao Leji, a member of the Standing Committee of the "
            "Political Bureau of the CPC Central Committee and Chairman of the National People’s "
            "Congress (NPC) Standing Committee.",
            "On December 2, he had met with Wang Huning, a member of the Standing Committee of the "
            "Political Bureau of the CPC Central Committee.",
        ]
    )
    assert pairs(df) == [
        (("Hun Sen", "Wang Huning"), date(2024, 12, 2), "meeting"),
        (("Hun Sen", "Xi Jinping"), date(2024, 12, 3), "meeting"),
        (("Hun Sen", "Zhao Leji"), date(2024, 12, 4), "meeting"),
    ]


def test_role_phrase_and_surname_resolve_to_the_people_introduced_earlier():
    df = meetings(
        [
            "Prime Minister of Nepal KP Sharma Oli paid an official visit to China from December 2-5 at "
            "the invitation of his Chinese counterpart Premier Li Qiang.",
            "On December 3, Oli, who is also the Chairman of the Communist Party of Nepal (Unified Marxist "
            "Leninist) (CPN-UML) met with Chinese President Xi Jinping.",
            "The Nepalese Prime Minister also met with Premier Li Qiang the same day.",
        ]
    )
    assert pairs(df) == [
        (("KP Sharma Oli", "Li Qiang"), date(2024, 12, 3), "meeting"),
        (("KP Sharma Oli", "Xi Jinping"), date(2024, 12, 3), "meeting"),
    ]
    oli_li = df.filter(pl.col("participants").list.contains("Li Qiang")).row(0, named=True)
    assert oli_li["participant_roles"] == ["Prime Minister", "Premier"]
    assert oli_li["country_codes"] == ["CHN", "NPL"]


def test_pronoun_subject_is_the_visiting_protagonist():
    df = meetings(
        [
            "Prime Minister of the Slovak Republic Robert Fico paid an official visit to China, "
            "October 31-November 5.",
            "He met with Chinese President Xi Jinping on November 1.",
            "Fico met with Chinese Premier Li Qiang the same day.",
        ]
    )
    assert pairs(df) == [
        (("Li Qiang", "Robert Fico"), date(2024, 11, 1), "meeting"),
        (("Robert Fico", "Xi Jinping"), date(2024, 11, 1), "meeting"),
    ]


def test_two_meetings_in_one_sentence_are_paired_as_written():
    df = meetings(
        [
            "In the following article, Kenny Coyle assesses two encounters, namely Foreign Secretary "
            "David Lammy’s China visit and Prime Minister Keir Starmer’s meeting with President Xi "
            "Jinping.",
            "A careful inspection of the readouts of Lammy’s meeting with Wang Yi and the Starmer-Xi Rio "
            "talks is helpful for revealing not just what they say but what they don’t.",
        ],
        published=None,
    )
    got = {tuple(p) for p in df["participants"].to_list()}
    assert got == {("Keir Starmer", "Xi Jinping"), ("David Lammy", "Wang Yi")}
    assert set(df["date_precision"]) == {"unknown"}
    assert df["meeting_date"].null_count() == df.height


def test_the_two_men_phone_call_takes_the_pair_from_the_sentence_before():
    df = meetings(
        [
            "British Prime Minister Keir Starmer held his first in person meeting with China’s President "
            "Xi Jinping on November 18, on the sidelines of the G20 summit, being held in the Brazilian "
            "city of Rio de Janeiro.",
            "The two men had previously held a telephone conversation on August 23.",
        ]
    )
    assert pairs(df) == [
        (("Keir Starmer", "Xi Jinping"), date(2024, 8, 23), "phone_call"),
        (("Keir Starmer", "Xi Jinping"), date(2024, 11, 18), "meeting"),
    ]
    meeting = df.filter(pl.col("meeting_kind") == "meeting").row(0, named=True)
    assert (meeting["location"], meeting["location_country"], meeting["occasion"]) == (
        "Rio de Janeiro",
        "BRA",
        "G20 summit",
    )


def test_sidelines_occasion_and_city_are_read():
    df = meetings(
        [
            "At a bilateral meeting with Xi on the sidelines of the 31st APEC Economic Leaders’ Meeting "
            "in Lima, Peru, on Nov 15, Chilean President Gabriel Boric brought a copy of the fourth "
            "volume of Xi Jinping: The Governance of China, one of Xi’s books."
        ],
        published=date(2024, 11, 28),
    )
    row = df.row(0, named=True)
    assert row["participants"] == ["Gabriel Boric", "Xi Jinping"]
    assert row["occasion"] == "31st APEC Economic Leaders' Meeting"
    assert row["location"] == "Lima"
    assert row["meeting_date"] == date(2024, 11, 15)


def test_a_past_meeting_is_dated_in_its_own_month_and_year():
    df = meetings(
        [
            "On November 25, Vice Minister of the IDCPC Sun Haiyan led a delegation to meet with "
            "President Anura Kumar Dissanayake.",
            "Sun Haiyan had previously met a delegation of the JVP led by AKD in Beijing in December 2023.",
        ]
    )
    assert pairs(df) == [
        (("Anura Kumar Dissanayake", "Sun Haiyan"), date(2023, 12, 1), "meeting"),
        (("Anura Kumar Dissanayake", "Sun Haiyan"), date(2024, 11, 25), "meeting"),
    ]
    assert df.sort("meeting_date")["date_precision"].to_list() == ["month", "day"]


def test_trilateral_committee_is_one_multilateral_meeting():
    df = meetings(
        [
            "The second meeting of the China-Saudi Arabia-Iran Trilateral Joint Committee was held in "
            "Riyadh on November 19, 2024, to follow up on the implementation of the Beijing Agreement.",
            "The meeting was chaired by Deputy Minister of Foreign Affairs of the Kingdom of Saudi Arabia, "
            "Eng. Waleed bin Abdulkarim Al-Khuraiji, with the participation of the Chinese delegation "
            "headed by Vice Foreign Minister of the People’s Republic of China Deng Li and the Iranian "
            "delegation headed by Deputy Foreign Minister for Political Affairs of the Islamic Republic "
            "of Iran for Political Affairs Majid Takht Ravanch",
        ]
    )
    assert df.height == 1
    row = df.row(0, named=True)
    assert row["meeting_kind"] == "multilateral"
    assert row["country_codes"] == ["CHN", "IRN", "SAU"]
    assert row["meeting_date"] == date(2024, 11, 19)


def test_planned_meeting_is_not_a_meeting():
    df = meetings(
        [
            "China has pledged to support the recently elected government in Sri Lanka led by president "
            "Anura Kumar Dissanayake (AKD), ahead of a proposed visit by him to China.",
            "Chinese President Xi Jinping will meet Sri Lankan President Anura Kumar Dissanayake in "
            "Beijing next month.",
        ]
    )
    assert df.height == 0


def test_people_of_one_country_do_not_make_a_meeting():
    df = meetings(
        [
            "The British Prime Minister Keir Starmer met with Foreign Secretary David Lammy in London on "
            "November 25."
        ]
    )
    assert df.height == 0


def test_one_named_person_on_the_sidelines_is_not_a_meeting():
    df = meetings(
        [
            "Among the bilateral meetings that Chinese President Xi Jinping held with his counterparts on "
            "the sidelines of the recent 19th G20 Leaders’ Summit, held in the Brazilian city of Rio de "
            "Janeiro, particular significance should be attached to those with two of Latin America’s "
            "progressive leaders."
        ]
    )
    assert df.height == 0


def test_wreath_laying_and_meeting_a_need_are_not_meetings():
    df = meetings(
        [
            "On October 25, the top leader of the Democratic People’s Republic of Korea (DPRK), Kim Jong "
            "Un, sent a wreath to the Friendship Tower in Pyongyang, and Chinese Ambassador Wang Yajun "
            "laid a wreath too.",
            "The Financial Times reported on 20 November that “Joe Biden is losing to Xi Jinping in battle "
            "for Latin America”, noting that China is meeting the region’s enormous need for "
            "infrastructure investment.",
        ]
    )
    assert df.height == 0


def test_evidence_is_the_sentence_verbatim():
    sentence = "The two heads of state held talks on November 9."
    df = meetings(
        [
            "Indonesian President Prabowo Subianto paid a state visit to China from November 8-10 at the "
            "invitation of his Chinese counterpart Xi Jinping.",
            sentence,
        ]
    )
    assert df["evidence"].to_list() == [sentence]
    assert df["participants"].to_list() == [["Prabowo Subianto", "Xi Jinping"]]


def test_counterpart_and_bare_xi_resolve_in_a_video_call():
    df = meetings(
        [
            "MOSCOW, May 8 (TASS) — Chinese President Xi Jinping and his Russian counterpart Vladimir "
            "Putin held talks via videoconference on Tuesday.",
            "Putin and Xi also discussed preparations for the summit.",
        ],
        published=date(2025, 5, 8),
        dateline="MOSCOW, May 8 (TASS) —",
        dateline_place="Moscow",
    )
    row = df.row(0, named=True)
    assert df.height == 1
    assert row["participants"] == ["Vladimir Putin", "Xi Jinping"]
    assert row["meeting_kind"] == "video_call"
    assert row["meeting_date"] == date(2025, 5, 6)


def test_a_meeting_that_did_not_happen_or_would_happen_is_not_a_meeting():
    df = meetings(
        [
            "KUALA LUMPUR, July 11, 2025 (Reuters) - British Foreign Secretary David Lammy did not meet "
            "Chinese Foreign Minister Wang Yi during the ASEAN meetings in Kuala Lumpur.",
            "Ukrainian President Volodymyr Zelensky said on Sunday he would be ready to meet Russian "
            "President Vladimir Putin in Istanbul on Thursday.",
            "A meeting between Zelensky and Putin would be the first of its kind since the war began.",
        ],
        published=date(2025, 7, 11),
    )
    assert df.height == 0


def test_spoke_by_phone_is_a_phone_call():
    df = meetings(
        [
            "Chinese President Xi Jinping spoke with U.S. President Donald Trump on the phone "
            "on Thursday at the request of the U.S. side."
        ],
        published=date(2025, 6, 6),
    )
    assert df.select("participants", "meeting_kind").row(0) == (
        ["Donald Trump", "Xi Jinping"],
        "phone_call",
    )


def test_foreign_ministers_meeting_of_three_is_one_multilateral_meeting():
    df = meetings(
        [
            "TOKYO, March 22 (Xinhua) — Chinese Foreign Minister Wang Yi, Japanese Foreign Minister "
            "Takeshi Iwaya and South Korean Foreign Minister Cho Tae-yul held the 11th China-Japan-ROK "
            "Foreign Ministers' Meeting in Tokyo on Saturday."
        ],
        published=date(2025, 3, 22),
        dateline="TOKYO, March 22 (Xinhua) —",
        dateline_place="Tokyo",
    )
    row = df.row(0, named=True)
    assert df.height == 1 and row["meeting_kind"] == "multilateral"
    assert row["country_codes"] == ["CHN", "JPN", "KOR"]
    assert (row["meeting_date"], row["location"]) == (date(2025, 3, 22), "Tokyo")


def test_a_day_after_the_article_is_a_plan_not_context():
    df = meetings(
        [
            "MOSCOW, May 8, 2025. /TASS/. Russian President Vladimir Putin and Chinese President Xi "
            "Jinping held talks in the Kremlin on Thursday.",
            "Xi will attend the Victory Day parade on Red Square on May 9.",
            "Following the talks, the two leaders signed a joint statement.",
        ],
        published=date(2025, 5, 8),
        dateline="MOSCOW, May 8, 2025. /TASS/.",
        dateline_place="Moscow",
    )
    assert set(df["meeting_date"]) == {date(2025, 5, 8)}


def test_visiting_minister_and_arabic_particle_name():
    df = meetings(
        [
            "CAIRO, Jan. 14 (Xinhua) — Egyptian President Abdel Fattah al-Sisi met with "
            "visiting Chinese Foreign Minister Wang Yi in Cairo on Tuesday."
        ],
        published=date(2025, 1, 14),
        dateline="CAIRO, Jan. 14 (Xinhua) —",
        dateline_place="Cairo",
    )
    row = df.row(0, named=True)
    assert row["participants"] == ["Abdel Fattah al-Sisi", "Wang Yi"]
    assert (row["meeting_date"], row["location_country"]) == (date(2025, 1, 14), "EGY")


def test_each_meeting_of_a_sentence_takes_its_own_part_after_curly_quotes_and_accents():
    # Curly quotes and accents take 2-3 bytes each: the parts must be cut at character offsets.
    df = meetings(
        [
            "Chinese Foreign Minister Wang Yi held “in-depth” talks with Spanish Foreign Minister José "
            "Manuel Albares in Madrid on December 3, calling ties “mature”, “stable” and “strategic”, "
            "and Xi Jinping, on December 5, met Spanish Prime Minister Pedro Sánchez in the Great Hall "
            "of the People in Beijing.",
        ]
    )
    got = {
        tuple(p): (d, loc)
        for p, d, loc in df.select("participants", "meeting_date", "location").iter_rows()
    }
    assert got == {
        ("José Manuel Albares", "Wang Yi"): (date(2024, 12, 3), "Madrid"),
        ("Pedro Sánchez", "Xi Jinping"): (date(2024, 12, 5), "Beijing"),
    }


# --- the actor dictionary: people known by name, offices held on the day -----------------------


def test_people_the_dictionary_knows_need_no_country_cue():
    df = meetings(
        [
            "Vietnam and the United States upgraded their relations on Sunday as President Joe "
            "Biden met Communist Party General Secretary Nguyen Phu Trong in Hanoi."
        ],
        published=date(2023, 9, 10),
    )
    row = df.row(0, named=True)
    assert (row["participants"], row["country_codes"]) == (
        ["Joe Biden", "Nguyen Phu Trong"],
        ["USA", "VNM"],
    )
    assert row["participant_roles"] == ["President", "General Secretary of the Communist Party"]


def test_an_untitled_participant_gets_the_office_held_on_the_day():
    df = meetings(
        ["Scott Morrison held talks with Joko Widodo at the Bogor Palace on Friday."],
        published=date(2018, 8, 31),
    )
    row = df.row(0, named=True)
    assert row["participants"] == ["Joko Widodo", "Scott Morrison"]
    assert row["participant_roles"] == ["President", "Prime Minister"]
    assert row["country_codes"] == ["AUS", "IDN"]


def test_a_name_in_the_possessive_is_not_a_participant():
    df = meetings(
        [
            "Secretary of State Marco Rubio held talks in Jeddah with a Ukrainian team headed by "
            "Andriy Yermak, President Volodymyr Zelenskiy's chief of staff."
        ],
        published=date(2025, 3, 11),
    )
    assert all("Volodymyr Zelensky" not in p for p in df.get_column("participants").to_list())
