"""Extraction on texts written in the genre's styles: wire stories, readouts,
transcripts, analysis, tours, calls, planned visits, undated texts.

Each text is ours, written to exercise one or more patterns; the expected records
were worked out by hand from the text.
"""

from __future__ import annotations

from helpers import run

WIRE = """\
Title: China, U.S. top diplomats hold talks in Beijing
Published: 2023-06-19

BEIJING, June 18 (Reuters) - Chinese Foreign Minister Qin Gang met U.S. Secretary of State \
Antony Blinken in Beijing on Sunday, the first visit by a top U.S. diplomat in five years.

"The two sides had candid, in-depth and constructive talks," Qin told reporters after the \
meeting, adding that Taiwan remained the most important issue in relations.

Blinken said Washington wanted to keep lines of communication open to avoid miscalculation.
"""


def test_wire_story() -> None:
    result = run(WIRE)
    qin, blinken = result.people["Qin Gang"], result.people["Antony Blinken"]
    assert (qin.title, qin.country) == ("Chinese Foreign Minister", "China")
    assert blinken.title == "U.S. Secretary of State" and blinken.country == "United States"
    event = result.event_with("Qin Gang", "Antony Blinken")
    assert event.kind == "meeting"
    assert (event.date_start, event.place) == ("2023-06-18", "Beijing")
    assert result.speaker("candid, in-depth") == "Qin Gang"
    assert result.speaker("keep lines of communication open", "reported") == "Antony Blinken"
    labels = {t.id: t.label for t in result.extraction.topics}
    assert "Taiwan" in {labels[t] for t in event.topics}


READOUT = """\
---
title: "Secretary Blinken's Meeting with Indian External Affairs Minister Jaishankar"
date: 2023-09-28
source: https://example.org/readouts/blinken-jaishankar
---

The following is attributable to Spokesperson Matthew Miller:

Secretary of State Antony J. Blinken met today with Indian External Affairs Minister \
Subrahmanyam Jaishankar in Washington. The Secretary and the Minister discussed climate \
and clean energy cooperation, and Secretary Blinken underscored the importance of the \
Comprehensive Global Strategic Partnership.
"""


def test_readout_with_front_matter() -> None:
    result = run(READOUT)
    assert set(result.people) >= {"Antony J. Blinken", "Subrahmanyam Jaishankar"}
    jaishankar = result.people["Subrahmanyam Jaishankar"]
    assert jaishankar.country == "India"
    event = result.event_with("Subrahmanyam Jaishankar")
    assert event.date_start == "2023-09-28" and event.date_precision == "day"
    assert event.place == "Washington"
    labels = {t.id: t.label for t in result.extraction.topics}
    assert {"Climate", "Energy"} <= {labels[t] for t in event.topics}


TRANSCRIPT = """\
Title: Russian-Indian talks
Published: 2024-07-09

Vladimir Putin held talks with Prime Minister of India Narendra Modi at the Kremlin.

Vladimir Putin: Mr Prime Minister, friends, I am delighted to welcome you to Moscow once again.

Narendra Modi (retranslated): Thank you, Mr President, for the warm welcome. Our friendship \
has stood the test of time.

Question: Will you discuss energy?

Vladimir Putin: Of course. Energy is one of the pillars of our cooperation.
"""


def test_transcript_turns_are_quotes_with_speakers() -> None:
    result = run(TRANSCRIPT)
    modi = result.people["Narendra Modi"]
    assert (modi.title, modi.country) == ("Prime Minister of India", "India")
    turns = result.quotes()
    assert [result.name(q.speaker) for q in turns] == [
        "Vladimir Putin",
        "Narendra Modi",
        None,
        "Vladimir Putin",
    ]
    assert turns[1].text.startswith("Thank you, Mr President")
    event = result.event_with("Vladimir Putin", "Narendra Modi")
    assert event.kind == "talks" and event.place == "Moscow"
    assert event.date_start == "2024-07-09"


PRESS_BRIEFING = """\
Title: Department Press Briefing
Published: 2024-01-16

MR MILLER: Good afternoon, everyone. The Secretary is traveling to Davos this week.

QUESTION: Will he meet the Chinese premier?

MR MILLER: I don't have any meetings to announce at this time.
"""


def test_all_caps_labels_in_a_press_briefing() -> None:
    result = run(PRESS_BRIEFING)
    speakers = [result.name(q.speaker) for q in result.quotes()]
    assert speakers == ["Miller", None, "Miller"]


ANALYSIS = """\
Title: Ankara's balancing act
Published: 2023-03-30

Turkish President Recep Tayyip Erdogan has cast himself as a "mediator" between Moscow \
and Kyiv. According to Anadolu Agency, Erdogan told Russian President Vladimir Putin in a \
phone call on Tuesday that Turkey was ready to host new talks.

"We will keep every channel open, because a just peace is possible," Erdogan said at a \
news conference in Ankara.

"Nobody should expect miracles. But Turkey has shown before that it can bring the two \
sides to the same table.

"The grain deal proved it."

Analysts were less sure. "It is a long shot," said Sinan Ulgen, a former Turkish diplomat.
"""


def test_analysis_piece_quotes_and_call() -> None:
    result = run(ANALYSIS)
    assert result.speaker("a just peace is possible") == "Recep Tayyip Erdogan"
    continued = result.quote("Nobody should expect miracles")
    assert continued.speaker == result.quote("a just peace").speaker
    assert "The grain deal proved it." in continued.text
    assert result.text[continued.start : continued.end] == continued.text
    assert result.speaker("It is a long shot") == "Sinan Ulgen"
    assert result.quote("mediator").short
    call = result.event_with("Recep Tayyip Erdogan", "Vladimir Putin")
    assert call.kind == "call"
    assert call.date_start == "2023-03-28"
    assert "Anadolu Agency" not in result.people


TOUR = """\
Title: Erdogan ends Gulf tour
Published: 2023-07-20

Turkish President Recep Tayyip Erdogan met Saudi Crown Prince Mohammed bin Salman in \
Jeddah on Monday, the first stop of a three-day Gulf tour.

On Tuesday he held talks with Qatar's Emir Sheikh Tamim bin Hamad Al Thani in Doha, \
where the two leaders discussed energy and investment.

Erdogan wrapped up the tour in Abu Dhabi on Wednesday with a meeting with UAE President \
Sheikh Mohamed bin Zayed Al Nahyan.
"""


def test_multi_day_tour_gives_one_meeting_per_stop() -> None:
    result = run(TOUR)
    saudi = result.event_with("Recep Tayyip Erdogan", "Mohammed bin Salman")
    assert (saudi.date_start, saudi.place) == ("2023-07-17", "Jeddah")
    qatar = result.event_with("Recep Tayyip Erdogan", "Tamim bin Hamad Al Thani")
    assert (qatar.date_start, qatar.place) == ("2023-07-18", "Doha")
    assert result.people["Tamim bin Hamad Al Thani"].country == "Qatar"
    uae = result.event_with("Recep Tayyip Erdogan", "Mohamed bin Zayed Al Nahyan")
    assert (uae.date_start, uae.place) == ("2023-07-19", "Abu Dhabi")


PHONE_CALL = """\
Title: Xi, Macron talk by phone
Published: 2024-04-03

Chinese President Xi Jinping spoke by phone with French President Emmanuel Macron on \
Tuesday, state media reported.

Xi said China was willing to work with France to uphold multilateralism. Macron said he \
looked forward to welcoming Xi in Paris in May.
"""


def test_phone_call() -> None:
    result = run(PHONE_CALL)
    call = result.event_with("Xi Jinping", "Emmanuel Macron")
    assert call.kind == "call" and call.date_start == "2024-04-02"
    assert result.people["Emmanuel Macron"].country == "France"
    assert result.speaker("willing to work with France", "reported") == "Xi Jinping"


PLANNED = """\
Title: Putin to visit North Korea
Published: 2024-06-14

MOSCOW, June 14 (AP) — Russian President Vladimir Putin will visit North Korea next week, \
the Kremlin said on Friday.

Kremlin spokesman Dmitry Peskov told reporters that the two leaders would sign several \
agreements during the visit.
"""


def test_planned_visit() -> None:
    result = run(PLANNED)
    planned = result.events("planned")
    assert len(planned) == 1
    assert result.participants(planned[0]) == {"Vladimir Putin"}
    assert planned[0].place == "North Korea"
    assert (planned[0].date_start, planned[0].date_end) == ("2024-06-17", "2024-06-23")
    assert result.speaker("would sign several agreements", "reported") == "Dmitry Peskov"
    assert result.people["Dmitry Peskov"].title == "Kremlin spokesman"


UNDATED = """\
Foreign Minister Sergei Lavrov met his Turkish counterpart Mevlut Cavusoglu in Antalya \
on March 10. "We had a useful conversation," Lavrov said.
"""


def test_text_without_publication_date_keeps_year_unknown() -> None:
    result = run(UNDATED)
    event = result.event_with("Sergei Lavrov", "Mevlut Cavusoglu")
    assert event.date_start is None and event.date_precision == "unknown"
    assert event.date_partial == "--03-10" and event.date_start is None
    assert event.place == "Antalya"
    assert result.people["Mevlut Cavusoglu"].country == "Turkey"
    assert result.speaker("useful conversation") == "Sergei Lavrov"


INVERTED = """\
Title: Moscow rejects pressure
Published: 2023-05-05

"We will not accept any pressure," said Maria Zakharova, the Russian Foreign Ministry \
spokeswoman, on Thursday. 'Our position is clear,' she added.
"""


def test_inverted_attribution_and_apposition() -> None:
    result = run(INVERTED)
    zakharova = result.people["Maria Zakharova"]
    assert zakharova.country == "Russia"
    assert "spokeswoman" in (zakharova.title or "")
    assert result.speaker("not accept any pressure") == "Maria Zakharova"


NESTED = """\
Title: Erdogan on Putin
Published: 2023-09-04

Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi on \
Monday. “He told me ‘we are ready to return to the deal’ and I believe him,” Erdogan told \
reporters afterwards. The Russian leader said the grain deal could resume only if the West \
met Moscow's demands.
"""


def test_quote_inside_a_quote_stays_one_quote() -> None:
    result = run(NESTED)
    quotes = [q for q in result.quotes() if not q.short]
    assert len(quotes) == 1
    assert "‘we are ready to return to the deal’" in quotes[0].text
    assert result.name(quotes[0].speaker) == "Recep Tayyip Erdogan"
    assert result.speaker("grain deal could resume", "reported") == "Vladimir Putin"
    event = result.event_with("Recep Tayyip Erdogan", "Vladimir Putin")
    assert (event.date_start, event.place) == ("2023-09-04", "Sochi")


ROLE_REFERENCE = """\
Title: Biden hosts Albanese
Published: 2023-10-26

U.S. President Joe Biden received Australian Prime Minister Anthony Albanese at the \
White House on Wednesday. The U.S. president said the alliance had never been stronger.
"""


def test_role_reference_and_venue() -> None:
    result = run(ROLE_REFERENCE)
    event = result.event_with("Joe Biden", "Anthony Albanese")
    assert event.place == "Washington"
    assert event.date_start == "2023-10-25"
    assert result.speaker("alliance had never been stronger", "reported") == "Joe Biden"


RANGE_FORMS = """\
Title: Ranges
Published: 2023-11-20

Prime Minister Li Qiang held talks with Prime Minister Anthony Albanese in Beijing on \
6–7 November. Earlier, Foreign Minister Penny Wong met Foreign Minister Wang Yi in Canberra \
between Monday and Wednesday.
"""


def test_date_range_forms() -> None:
    result = run(RANGE_FORMS)
    talks = result.event_with("Li Qiang", "Anthony Albanese")
    assert (talks.date_start, talks.date_end, talks.date_precision) == ("2023-11-06", "2023-11-07", "range")
    wong = result.event_with("Penny Wong", "Wang Yi")
    assert (wong.date_start, wong.date_end) == ("2023-11-20", "2023-11-22")


BOILERPLATE = """\
Skip to content
Share on Facebook
Title: Not a title line

Accept all cookies

Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Hiroshima \
on May 20, 2023.

Advertisement
"""


def test_boilerplate_lines_are_not_content() -> None:
    result = run(BOILERPLATE)
    assert "Skip to content" not in result.text
    assert "cookies" not in result.text and "Advertisement" not in result.text
    event = result.event_with("Narendra Modi", "Fumio Kishida")
    assert event.date_start == "2023-05-20" and event.place == "Hiroshima"
