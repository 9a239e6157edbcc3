"""More of the genre: agency datelines, Kremlin and State Department readouts,
counterparts, role references and all-caps transcript labels."""

from __future__ import annotations

import pytest
from helpers import run

XINHUA = """\
Title: Xi meets Lula
Published: 2023-04-14

BEIJING, April 14 (Xinhua) -- Chinese President Xi Jinping on Friday met with visiting \
Brazilian President Luiz Inacio Lula da Silva at the Great Hall of the People in Beijing.

Xi said China and Brazil are comprehensive strategic partners with broad common interests.
"""


def test_agency_dateline_and_visiting_counterpart() -> None:
    result = run(XINHUA)
    lula = result.people["Luiz Inacio Lula da Silva"]
    assert (lula.title, lula.country) == ("Brazilian President", "Brazil")
    event = result.event_with("Xi Jinping", "Luiz Inacio Lula da Silva")
    assert (event.date_start, event.place, event.kind) == ("2023-04-14", "Beijing", "meeting")
    assert result.speaker("comprehensive strategic partners", "reported") == "Xi Jinping"


KREMLIN = """\
Title: Telephone conversation with President of Türkiye Recep Tayyip Erdogan
Published: 2023-07-31

Vladimir Putin had a telephone conversation with President of Türkiye Recep Tayyip Erdogan.

The President of Russia explained the reasons for the termination of the Black Sea \
Initiative.
"""


def test_kremlin_readout_call_without_a_date_in_the_text() -> None:
    result = run(KREMLIN)
    erdogan = result.people["Recep Tayyip Erdogan"]
    assert erdogan.country == "Turkey"
    call = result.event_with("Vladimir Putin", "Recep Tayyip Erdogan")
    assert call.kind == "call"
    assert call.date_start == "2023-07-31" and "publication date" in call.date_note


STATE = """\
Title: Secretary Blinken's Call with Ukrainian Foreign Minister Kuleba
Published: 2024-02-05

The following is attributable to Spokesperson Matthew Miller:

Secretary of State Antony J. Blinken spoke today with Ukrainian Foreign Minister Dmytro \
Kuleba. The Secretary reaffirmed the United States' steadfast support for Ukraine.
"""


def test_state_department_call_readout() -> None:
    result = run(STATE)
    call = result.event_with("Antony J. Blinken", "Dmytro Kuleba")
    assert call.kind == "call" and call.date_start == "2024-02-05"
    assert result.people["Dmytro Kuleba"].country == "Ukraine"
    assert "Matthew Miller" in result.people


COUNTERPARTS = """\
Title: Lavrov and Wang in Moscow
Published: 2024-04-10

Russian Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi held talks in \
Moscow on Tuesday. "Our cooperation is not directed against anyone," the Chinese foreign \
minister told reporters.
"""


def test_subject_pair_and_role_reference_to_a_counterpart() -> None:
    result = run(COUNTERPARTS)
    talks = result.event_with("Sergei Lavrov", "Wang Yi")
    assert (talks.date_start, talks.place, talks.kind) == ("2024-04-09", "Moscow", "talks")
    assert result.people["Wang Yi"].country == "China"
    assert result.speaker("not directed against anyone") == "Wang Yi"


CAPS_TRANSCRIPT = """\
Title: Remarks before talks
Published: 2023-03-21

PRESIDENT PUTIN: Dear friend, welcome to the Kremlin.

PRESIDENT XI: Thank you. I am glad to be in Moscow again.

PRESIDENT PUTIN: Let us begin.
"""


def test_all_caps_transcript_labels_with_short_names() -> None:
    result = run(CAPS_TRANSCRIPT)
    speakers = [result.name(q.speaker) for q in result.quotes()]
    assert speakers == ["Putin", "Xi", "Putin"]
    assert result.people["Xi"].title == "President"


PRESS_CONFERENCE = """\
Title: Lavrov news conference
Published: 2024-01-18

Foreign Minister Sergei Lavrov held his annual news conference in Moscow on Thursday.

"We are ready to talk," Lavrov said, "but we will not accept ultimatums."

He added: "The West should stop pretending that nothing has changed."

"This is a turning point," one European diplomat said on condition of anonymity.

"Nothing new," the diplomat added.
"""


def test_split_quote_colon_intro_and_anonymous_sources() -> None:
    result = run(PRESS_CONFERENCE)
    assert result.speaker("ready to talk") == "Sergei Lavrov"
    assert result.speaker("will not accept ultimatums") == "Sergei Lavrov"
    assert result.speaker("stop pretending") == "Sergei Lavrov"
    assert result.speaker("turning point") is None
    assert result.speaker("Nothing new") is None


READOUT_SOURCE = """\
Title: Wang Yi meets Blinken
Published: 2023-06-19

Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken in Beijing on \
Monday, according to a readout released by the Chinese Foreign Ministry.

"China-U.S. relations are at a critical juncture," Wang said, according to the readout.

Blinken told Wang that the United States would continue to compete vigorously.
"""


def test_readout_attribution_and_reported_speech_with_a_listener() -> None:
    result = run(READOUT_SOURCE)
    quote = result.quote("critical juncture")
    assert result.name(quote.speaker) == "Wang Yi"
    assert quote.attribution == "the readout"
    assert result.speaker("compete vigorously", "reported") == "Antony Blinken"
    event = result.event_with("Wang Yi", "Antony Blinken")
    assert (event.date_start, event.place) == ("2023-06-19", "Beijing")


EUROPE = """\
Title: European diplomacy roundup
Published: 2024-05-10

EU foreign policy chief Josep Borrell met Iranian Foreign Minister Hossein Amir-Abdollahian \
in Brussels on Thursday. German Chancellor Olaf Scholz hosted French President Emmanuel \
Macron at the Chancellery in Berlin on May 7.

"Europe must stand together," Scholz told a joint news conference. Macron agreed, saying the \
two countries had "a special responsibility".

Jean-Yves Le Drian, France's former foreign minister, said on Wednesday that talks with \
Tehran were "stalled but not dead". U.S. National Security Adviser Jake Sullivan is expected \
to travel to Saudi Arabia next week to meet Crown Prince Mohammed bin Salman.

"We will keep pushing for a deal," Sullivan said in a statement.
"""


def test_european_roundup() -> None:
    result = run(EUROPE)
    assert result.people["Josep Borrell"].title == "EU foreign policy chief"
    borrell = result.event_with("Josep Borrell", "Hossein Amir-Abdollahian")
    assert (borrell.date_start, borrell.place) == ("2024-05-09", "Brussels")
    berlin = result.event_with("Olaf Scholz", "Emmanuel Macron")
    assert (berlin.date_start, berlin.place, berlin.kind) == ("2024-05-07", "Berlin", "meeting")
    assert result.speaker("Europe must stand together") == "Olaf Scholz"
    assert result.speaker("a special responsibility") == "Emmanuel Macron"
    assert result.speaker("stalled but not dead") == "Jean-Yves Le Drian"
    assert result.people["Jean-Yves Le Drian"].country == "France"
    planned = result.event_with("Jake Sullivan", "Mohammed bin Salman")
    # A country alone is not a place (the city is not given).
    assert planned.kind == "planned" and planned.place is None
    assert result.people["Mohammed bin Salman"].country == "Saudi Arabia"
    assert result.speaker("keep pushing for a deal") == "Jake Sullivan"


NEGATED = """\
Title: No meeting
Published: 2024-06-01

Ukrainian President Volodymyr Zelenskyy has not met Russian President Vladimir Putin since \
2019. Turkish President Recep Tayyip Erdogan refused to meet Israeli Prime Minister Benjamin \
Netanyahu. The meeting between Erdogan and Putin in Sochi on Monday lasted three hours.
"""


def test_negated_meetings_are_not_events() -> None:
    result = run(NEGATED)
    pairs = [result.participants(e) for e in result.events()]
    assert {"Volodymyr Zelenskyy", "Vladimir Putin"} not in pairs
    assert {"Recep Tayyip Erdogan", "Benjamin Netanyahu"} not in pairs
    meeting = result.event_with("Recep Tayyip Erdogan", "Vladimir Putin")
    assert (meeting.date_start, meeting.place) == ("2024-05-27", "Sochi")


SUMMIT = """\
Title: Putin in Beijing
Published: 2024-05-20

Russian President Vladimir Putin and Chinese leader Xi Jinping met in Beijing on Thursday. \
Putin said on Friday that the talks had been "warm and comradely".

Kremlin spokesman Dmitry Peskov said in a statement that no date had been set for the next summit.

President of Russia Vladimir Putin: Comrade Xi Jinping, friends, I am very glad to be here.

Chairman of the People's Republic of China Xi Jinping (retranslated): Dear President Putin, \
welcome to Beijing.
"""


def test_summit_with_long_transcript_labels_and_time_before_that() -> None:
    result = run(SUMMIT)
    assert result.people["Xi Jinping"].title == "Chinese leader"
    assert result.people["Dmitry Peskov"].country == "Russia"
    assert "People" not in result.people
    meeting = result.event_with("Vladimir Putin", "Xi Jinping")
    assert (meeting.date_start, meeting.place) == ("2024-05-16", "Beijing")
    reported = result.quote("the talks had been", "reported")
    assert reported.text == 'the talks had been "warm and comradely"'
    assert result.speaker("no date had been set", "reported") == "Dmitry Peskov"
    assert result.speaker("very glad to be here") == "Vladimir Putin"
    assert result.speaker("welcome to Beijing") == "Xi Jinping"


SIDELINES = """\
Title: India, China agree to ease border tensions
Published: 2023-08-24

JOHANNESBURG, Aug 24 (Reuters) - Indian Prime Minister Narendra Modi and Chinese President Xi \
Jinping agreed on Thursday to intensify efforts to de-escalate tensions along their disputed \
border, India's foreign secretary said, after the two leaders spoke on the sidelines of the \
BRICS summit in Johannesburg.

"Prime Minister highlighted India's concerns on the unresolved issues along the LAC," Foreign \
Secretary Vinay Kwatra told reporters.

China's foreign ministry said in a statement that Xi told Modi that improving relations served \
the common interests of both countries. "The two sides should bear in mind the overall \
interests of their bilateral relations," Xi was quoted as saying.

Modi is due to visit the United States next month, where he will meet President Joe Biden at \
the White House.
"""


def test_sidelines_meeting_the_two_leaders_and_a_pronoun_in_the_same_sentence() -> None:
    result = run(SIDELINES)
    meeting = result.event_with("Narendra Modi", "Xi Jinping")
    assert (meeting.date_start, meeting.place, meeting.kind) == ("2023-08-24", "Johannesburg", "meeting")
    planned = result.events("planned")
    assert len(planned) == 1
    assert result.participants(planned[0]) == {"Narendra Modi", "Joe Biden"}
    assert (planned[0].date_start, planned[0].date_end) == ("2023-09-01", "2023-09-30")
    assert result.speaker("unresolved issues along the LAC") == "Vinay Kwatra"
    assert result.speaker("overall interests of their bilateral relations") == "Xi Jinping"
    for quote in result.quotes("reported"):
        assert not quote.text.startswith("JOHANNESBURG")


SUMMIT_ANALYSIS = """\
Title: Analysis: What the Xi-Biden summit achieved
Published: 2023-11-17

SAN FRANCISCO — When U.S. President Joe Biden and Chinese President Xi Jinping sat down at \
the Filoli estate outside San Francisco on Wednesday, expectations were low.

The two leaders talked for four hours. Biden later told reporters that he had agreed with Xi \
to resume military-to-military communications. "That's critical," Biden said. "That's how \
accidents happen: misunderstandings."

Xi, for his part, warned that "planet Earth is big enough for the two countries to succeed." \
Chinese Foreign Minister Wang Yi, who accompanied Xi, said the meeting was "positive, \
comprehensive and constructive."
"""


def test_analysis_with_a_sentence_initial_capital_and_a_reference_back() -> None:
    result = run(SUMMIT_ANALYSIS)
    assert result.people["Joe Biden"].country == "United States"
    meeting = result.event_with("Joe Biden", "Xi Jinping")
    assert (meeting.date_start, meeting.place) == ("2023-11-15", "San Francisco")
    assert len(result.events()) == 1  # "the meeting was …" refers back; it is not a new one
    assert result.speaker("how accidents happen") == "Joe Biden"
    assert result.speaker("big enough for the two countries") == "Xi Jinping"
    assert result.speaker("comprehensive and constructive") == "Wang Yi"


REMARKS = """\
Title: Foreign Minister Sergey Lavrov's remarks at a news conference following talks with \
Foreign Minister of Egypt Sameh Shoukry
Published: 2023-01-24

Moscow, January 24, 2023

Ladies and gentlemen,

We have held productive talks with my Egyptian colleague Sameh Shoukry.

Question: Did you discuss grain supplies?

Sergey Lavrov: Yes, we did. Russia will continue to supply grain to Egypt.

Sameh Shoukry (retranslated): Egypt appreciates this cooperation.
"""


def test_titles_from_the_document_title_and_anonymous_labels() -> None:
    result = run(REMARKS)
    assert "Question" not in result.people
    assert result.people["Sergey Lavrov"].title == "Foreign Minister"
    shoukry = result.people["Sameh Shoukry"]
    assert (shoukry.title, shoukry.country) == ("Foreign Minister of Egypt", "Egypt")
    assert [result.name(q.speaker) for q in result.quotes()] == [None, "Sergey Lavrov", "Sameh Shoukry"]


WIRE_VISITING = """\
Title: Kenya and Germany agree on green hydrogen
Published: 2025-02-13

NAIROBI, Feb. 12 (Wire) - Kenyan President Amani Wekesa held talks with visiting German \
Chancellor Lukas Brandt on Wednesday, their first meeting since Brandt took office.

In Madrid, Premier Chen Haoran held talks with the visiting Prime Minister of Portugal, \
Rui Sardinha, on trade.
"""


def test_talks_with_a_visiting_leader_are_the_talks_not_a_visit() -> None:
    # "visiting" before a title is an adjective (exclude.visiting_adjective): the talks'
    # counterpart follows it, as after "met with visiting …".
    result = run(WIRE_VISITING)
    event = result.event_with("Amani Wekesa", "Lukas Brandt")
    assert (event.kind, event.date_start, event.place) == ("talks", "2025-02-12", "Nairobi")
    assert result.event_with("Chen Haoran", "Rui Sardinha").place == "Madrid"


# Countries from titles: of several words; from every region's adjectives (kept in the
# title, "Chad Wolf" keeping his first name); and an international body's official has
# the body (the annotation convention), unless a country comes first, while a country or
# body after "to (the)" is a posting. Each text, who is named with what, and two people
# with a meeting.
COUNTRY_TEXTS = [
    (
        "New Zealand Prime Minister Chris Hipkins met Chinese President Xi Jinping in Beijing. "
        "United Arab Emirates President Sheikh Mohamed bin Zayed received South Korean President "
        "Yoon Suk Yeol. Human Rights Watch said the talks ignored abuses. Hong Kong said it "
        "would comply. Saudi Crown Prince Faisal bin Nayef met Qatari Emir Sheikh Hamad bin "
        "Jassim in Riyadh.",
        {
            "Chris Hipkins": ("New Zealand Prime Minister", "New Zealand"),
            "Xi Jinping": ("Chinese President", "China"),
            # "Sheikh" after the title is the name's style, not the title's.
            "Mohamed bin Zayed": ("United Arab Emirates President", "United Arab Emirates"),
            "Yoon Suk Yeol": ("South Korean President", "South Korea"),
            "Faisal bin Nayef": ("Saudi Crown Prince", "Saudi Arabia"),  # a title's "Prince" stays
            "Hamad bin Jassim": ("Qatari Emir", "Qatar"),
        },
        ("Mohamed bin Zayed", "Yoon Suk Yeol"),
    ),
    (
        "Ugandan President Okello Mbabazi met Tanzanian Foreign Minister Neema Mrisho in Arusha on "
        "Monday. Bolivian Foreign Minister Lucia Quispe held talks with Uruguayan counterpart "
        "Tomas Ferreira. Papua New Guinean Prime Minister Kila Waigani received Fijian Prime "
        "Minister Josefa Nawaqa. Ivorian President Kouame Yao met Maltese Prime Minister Mark "
        "Borg, and Icelandic Foreign Minister Sigrun Einarsdottir met Laotian Foreign Minister "
        "Somsak Vongsa. Chadian Foreign Minister Idriss Mahamat met Deputy Secretary Chad Wolf. "
        "Nigerian police chief Tunde Bello met Ghanaian army chief Kofi Mensah in Accra.",
        {
            "Okello Mbabazi": ("Ugandan President", "Uganda"),
            "Neema Mrisho": ("Tanzanian Foreign Minister", "Tanzania"),
            "Lucia Quispe": ("Bolivian Foreign Minister", "Bolivia"),
            "Tomas Ferreira": ("Foreign Minister", "Uruguay"),
            "Kila Waigani": ("Papua New Guinean Prime Minister", "Papua New Guinea"),
            "Josefa Nawaqa": ("Fijian Prime Minister", "Fiji"),
            "Kouame Yao": ("Ivorian President", "Côte d'Ivoire"),
            "Mark Borg": ("Maltese Prime Minister", "Malta"),
            "Sigrun Einarsdottir": ("Icelandic Foreign Minister", "Iceland"),
            "Somsak Vongsa": ("Laotian Foreign Minister", "Laos"),
            "Idriss Mahamat": ("Chadian Foreign Minister", "Chad"),
            "Chad Wolf": ("Deputy Secretary", None),
            # Lower-case titles of the forces: "army", "police" stand before "chief".
            "Tunde Bello": ("Nigerian police chief", "Nigeria"),
            "Kofi Mensah": ("Ghanaian army chief", "Ghana"),
        },
        ("Okello Mbabazi", "Neema Mrisho"),
    ),
    (
        "EU foreign policy chief Marta Kivi met UN Secretary-General Jonas Alder in Geneva on "
        "Monday. Nato Secretary General Piet Hendriks met IAEA chief Carla Rossi in Vienna. "
        "Russian Ambassador to the UN Oleg Sorin met Ambassador to the United States Mei Tan "
        "in New York. European Commission President Ilse Brandt met WHO envoy Tomas Berg, who "
        "met Ambassador to Russia Karl Weiss.",
        {
            "Marta Kivi": ("EU foreign policy chief", "European Union"),
            "Jonas Alder": ("UN Secretary-General", "United Nations"),
            "Piet Hendriks": ("Nato Secretary General", "NATO"),
            "Carla Rossi": ("IAEA chief", "IAEA"),
            "Oleg Sorin": ("Russian Ambassador to the UN", "Russia"),
            "Mei Tan": ("Ambassador to the United States", None),
            "Ilse Brandt": ("European Commission President", "European Union"),
            "Tomas Berg": ("WHO envoy", "WHO"),
            "Karl Weiss": ("Ambassador to Russia", None),
        },
        ("Marta Kivi", "Jonas Alder"),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "met"), COUNTRY_TEXTS, ids=["several-words", "regions", "bodies"]
)
def test_countries_from_titles(
    text: str, expected: dict[str, tuple[str, str | None]], met: tuple[str, str]
) -> None:
    result = run(f"Title: Talks\nPublished: 2025-05-06\n\n{text}")
    assert {p.name: (p.title, p.country) for p in result.extraction.people} == expected
    assert result.event_with(*met).kind == "meeting"


ARABIC_ARTICLE = """\
Title: Gulf ministers meet in Amman
Published: 2025-03-18

AMMAN, March 17 (Wire) - Jordanian Foreign Minister Khalid al-Nasiri met Iraqi Prime \
Minister Omar Hadi al-Rawi in Amman on Monday. Egyptian Foreign Minister Khalid el-Masri \
joined them later.

"We agreed to reopen the border crossing," Nasiri told reporters. "Trade will follow," \
al-Rawi said.
"""


def test_a_family_name_with_the_arabic_article_glued_on_is_the_names_last_word() -> None:
    # "al-Nasiri" begins in lower case but is the family name: the name is not cut before
    # it (two Khalids would be one), and "Nasiri" and "al-Rawi" are the same people.
    result = run(ARABIC_ARTICLE)
    assert set(result.people) == {"Khalid al-Nasiri", "Omar Hadi al-Rawi", "Khalid el-Masri"}
    assert result.people["Khalid al-Nasiri"].country == "Jordan"
    assert result.event_with("Khalid al-Nasiri", "Omar Hadi al-Rawi").place == "Amman"
    assert result.speaker("reopen the border crossing") == "Khalid al-Nasiri"
    assert result.speaker("Trade will follow") == "Omar Hadi al-Rawi"
