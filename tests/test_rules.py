"""One case per named extraction rule (diplotui/extract/rules.py).

Each case is a short text written for this test in the genre's style, and a check of
what the rule contributes. The check must hold with every rule on and the rule's name
must be on the record it made; for a switchable rule the check must fail with that rule
alone switched off, which shows the rule is what does the work. A test also checks that
every registered rule has a case here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from helpers import Result

from diplotui.extract import extract_document
from diplotui.extract.rules import RULES
from diplotui.text import read_source


def run(raw: str, disabled: frozenset[str] = frozenset()) -> Result:
    source = read_source(raw.encode("utf-8"), ".txt")
    extraction = extract_document(source.body, source.published, "d-rules", disabled=disabled)
    return Result(source.body, extraction)


def event_of(result: Result, *names: str, kind: str | None = None) -> list[str] | None:
    """The rules of the one event with exactly these participants, or None."""
    wanted = set(names)
    found = [
        e
        for e in result.extraction.events
        if result.participants(e) == wanted and (kind is None or e.kind == kind)
    ]
    return found[0].rules if len(found) == 1 else None


def has_event(*names: str, kind: str | None = None, rule: str = "") -> Callable[[Result], bool]:
    def check(result: Result) -> bool:
        rules = event_of(result, *names, kind=kind)
        return rules is not None and (not rule or rule in rules)

    return check


def no_event(*names: str) -> Callable[[Result], bool]:
    def check(result: Result) -> bool:
        return all(not set(names) <= result.participants(e) for e in result.extraction.events)

    return check


def event_field(names: tuple[str, ...], field: str, value: object, rule: str) -> Callable[[Result], bool]:
    def check(result: Result) -> bool:
        wanted = set(names)
        for event in result.extraction.events:
            if result.participants(event) == wanted:
                return getattr(event, field) == value and rule in event.rules
        return False

    return check


def person(name: str, rule: str, title: str | None = None) -> Callable[[Result], bool]:
    def check(result: Result) -> bool:
        found = result.people.get(name)
        return found is not None and rule in found.rules and (title is None or found.title == title)

    return check


def speaker(fragment: str, name: str | None, rule: str, kind: str = "direct") -> Callable[[Result], bool]:
    def check(result: Result) -> bool:
        quotes = [q for q in result.quotes(kind) if fragment in q.text]
        return (
            len(quotes) == 1
            and result.name(quotes[0].speaker) == name
            and (not rule or rule in quotes[0].rules)
        )

    return check


@dataclass
class Case:
    rule: str
    text: str
    check: Callable[[Result], bool]
    # Whether switching the rule off must make the check fail (False for rules whose
    # work another rule also does in this text).
    switchable: bool = True


PUB = "Published: 2024-05-10\n\n"

CASES = [
    # -- people ----------------------------------------------------------------------
    Case(
        "person.title",
        PUB + "Trade Minister Odile Marchetti arrived in Lisbon.",
        person("Odile Marchetti", "person.title", "Trade Minister"),
    ),
    Case(
        "person.appositive",
        PUB + "Odile Marchetti, the French trade minister, arrived in Lisbon.",
        person("Odile Marchetti", "person.appositive"),
    ),
    Case(
        "person.honorific",
        PUB + "Dr. Odile Marchetti arrived in Lisbon.",
        person("Odile Marchetti", "person.honorific"),
    ),
    Case(
        "person.speech_verb",
        PUB + "Odile Marchetti said the talks went well.",
        person("Odile Marchetti", "person.speech_verb"),
    ),
    Case(
        "person.action_verb",
        PUB + "Odile Marchetti visited the port of Sines.",
        person("Odile Marchetti", "person.action_verb"),
    ),
    Case(
        "person.label",
        "Odile Marchetti: Thank you all for coming.\n\nRui Tavares: It is a pleasure.\n",
        person("Odile Marchetti", "person.label"),
    ),
    Case(
        "person.title_line",
        PUB + "Joint media release\n\nThe Hon Odile Marchetti MP\nMinister for Trade\n\n"
        "Today we welcomed the trade figures.\n",
        person("Odile Marchetti", "person.title_line", "Minister for Trade"),
    ),
    Case(
        "person.short_name",
        PUB + "Trade Minister Odile Marchetti arrived in Lisbon. Minister Marchetti said she was hopeful.",
        lambda r: "Marchetti" not in r.people and person("Odile Marchetti", "person.short_name")(r),
    ),
    # -- quotes and speakers ---------------------------------------------------------------
    Case(
        "quote.marks",
        PUB + '"We want a deal by the summer," Trade Minister Odile Marchetti said.',
        speaker("We want a deal", "Odile Marchetti", "quote.marks"),
    ),
    Case(
        "quote.turn",
        "Trade Minister Odile Marchetti: We want a deal by the summer.\n\n"
        "Economy Minister Rui Tavares: So do we, and soon.\n",
        speaker("So do we", "Rui Tavares", "quote.turn"),
    ),
    Case(
        "quote.reported_that",
        PUB + "Trade Minister Odile Marchetti said that a deal was within reach this year.",
        speaker("a deal was within reach this year", "Odile Marchetti", "quote.reported_that", "reported"),
    ),
    Case(
        "quote.reported_aside",
        PUB
        + "Trade Minister Odile Marchetti spoke after lunch. A deal, she said, was within reach this year.",
        speaker("was within reach this year", "Odile Marchetti", "quote.reported_aside", "reported"),
    ),
    Case(
        "quote.reported_tail",
        PUB + "A deal is within reach this year, Trade Minister Odile Marchetti said.",
        speaker("A deal is within reach this year", "Odile Marchetti", "quote.reported_tail", "reported"),
    ),
    Case(
        "speaker.label",
        "Trade Minister Odile Marchetti: We want a deal by the summer.\n\n"
        "Economy Minister Rui Tavares: So do we, and soon.\n",
        speaker("We want a deal", "Odile Marchetti", "speaker.label"),
    ),
    Case(
        "speaker.after_quote",
        PUB + '"We want a deal by the summer," said Trade Minister Odile Marchetti.',
        speaker("We want a deal", "Odile Marchetti", "speaker.after_quote"),
    ),
    Case(
        "speaker.before_quote",
        PUB + 'Trade Minister Odile Marchetti said: "We want a deal by the summer."',
        speaker("We want a deal", "Odile Marchetti", "speaker.before_quote"),
    ),
    Case(
        "speaker.pronoun",
        PUB + 'Trade Minister Odile Marchetti arrived on Monday. "We want a deal by the summer," she said.',
        speaker("We want a deal", "Odile Marchetti", "speaker.pronoun"),
    ),
    Case(
        "speaker.continues",
        PUB + '"We want a deal by the summer," Trade Minister Odile Marchetti said. '
        '"Nobody gains from waiting another year."',
        speaker("Nobody gains", "Odile Marchetti", "speaker.continues"),
    ),
    Case(
        "speaker.nearest_verb",
        PUB + "Trade Minister Odile Marchetti, speaking in Lisbon, stressed the urgency of it, "
        'calling the deal "the best chance we will have in years".',
        speaker("the best chance we will have", "Odile Marchetti", "speaker.nearest_verb"),
    ),
    Case(
        "speaker.lead_in",
        PUB + "Asked about the deadline, Trade Minister Odile Marchetti said:\n\n"
        '"We want a deal by the summer, and we will get one."\n',
        speaker("We want a deal", "Odile Marchetti", "speaker.lead_in"),
    ),
    # -- events ----------------------------------------------------------------------------
    Case(
        "event.met",
        PUB + "Trade Minister Odile Marchetti met Economy Minister Rui Tavares in Lisbon on Thursday.",
        has_event("Odile Marchetti", "Rui Tavares", kind="meeting", rule="event.met"),
    ),
    Case(
        "event.held_talks",
        PUB + "Trade Minister Odile Marchetti held talks with Economy Minister Rui Tavares in Lisbon.",
        has_event("Odile Marchetti", "Rui Tavares", kind="talks", rule="event.held_talks"),
    ),
    Case(
        "event.talks_with",
        PUB + "After talks with Economy Minister Rui Tavares, Trade Minister Odile Marchetti left Lisbon.",
        has_event("Odile Marchetti", "Rui Tavares", rule="event.talks_with"),
    ),
    Case(
        "event.between",
        PUB + "Talks between Trade Minister Odile Marchetti and Economy Minister Rui Tavares took place "
        "in Lisbon.",
        has_event("Odile Marchetti", "Rui Tavares", rule="event.between"),
    ),
    Case(
        "event.sidelines",
        PUB + "Trade Minister Odile Marchetti met on the sidelines of the WTO conference with Economy "
        "Minister Rui Tavares.",
        has_event("Odile Marchetti", "Rui Tavares", rule="event.sidelines"),
        switchable=False,  # 'met' reads it too
    ),
    Case(
        "event.press_conference",
        PUB + "Trade Minister Odile Marchetti gave a joint press conference with Economy Minister Rui "
        "Tavares in Lisbon.",
        has_event("Odile Marchetti", "Rui Tavares", rule="event.press_conference"),
    ),
    Case(
        "event.hosted",
        PUB + "Prime Minister Ana Sequeira hosted Chancellor Moritz Albers in Lisbon on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", rule="event.hosted"),
    ),
    Case(
        "event.bilateral",
        PUB + "Trade Minister Odile Marchetti held a bilateral with Economy Minister Rui Tavares in Lisbon.",
        has_event("Odile Marchetti", "Rui Tavares", rule="event.bilateral"),
    ),
    Case(
        "event.called_on",
        PUB + "Ambassador Lena Vogt called on Foreign Minister Rui Tavares in Lisbon on Thursday.",
        has_event("Lena Vogt", "Rui Tavares", rule="event.called_on"),
    ),
    Case(
        "event.sat_down",
        PUB + "Prime Minister Ana Sequeira sat down with Chancellor Moritz Albers in Lisbon.",
        has_event("Ana Sequeira", "Moritz Albers", rule="event.sat_down"),
    ),
    Case(
        "event.summit",
        PUB + "Prime Minister Ana Sequeira and Chancellor Moritz Albers opened the summit in Lisbon.",
        has_event("Ana Sequeira", "Moritz Albers", kind="summit", rule="event.summit"),
    ),
    Case(
        "event.visit",
        PUB + "Prime Minister Ana Sequeira visited Berlin on Thursday.",
        has_event("Ana Sequeira", kind="visit", rule="event.visit"),
    ),
    Case(
        "event.phone_call",
        PUB + "Prime Minister Ana Sequeira had a phone call with Chancellor Moritz Albers on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", kind="call", rule="event.phone_call"),
    ),
    Case(
        "event.spoke_by_phone",
        PUB + "Prime Minister Ana Sequeira spoke by phone to Chancellor Moritz Albers on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", kind="call", rule="event.spoke_by_phone"),
    ),
    Case(
        "event.video_call",
        PUB + "Prime Minister Ana Sequeira joined a video call with Chancellor Moritz Albers on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", kind="call", rule="event.video_call"),
    ),
    Case(
        "event.spoke_with",
        PUB + "Prime Minister Ana Sequeira spoke with Chancellor Moritz Albers on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", kind="call", rule="event.spoke_with"),
    ),
    Case(
        "event.group",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers, President Liene Ozola and "
        "Prime Minister Tomas Varga in Brussels on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", "Liene Ozola", "Tomas Varga", rule="event.group"),
    ),
    Case(
        "event.one_per_counterpart",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers, President Liene Ozola and "
        "Prime Minister Tomas Varga in Brussels on Thursday. In her meetings, she pressed for a "
        "common line on energy.",
        lambda r: all(
            has_event("Ana Sequeira", other, rule="event.one_per_counterpart")(r)
            for other in ("Moritz Albers", "Liene Ozola", "Tomas Varga")
        ),
    ),
    Case(
        "event.together",
        PUB + "Prime Minister Ana Sequeira hosted Chancellor Moritz Albers and President Liene Ozola for "
        "a trilateral meeting in Lisbon on Thursday. Earlier that day, Sequeira met Albers over "
        "breakfast in Lisbon.",
        lambda r: (
            has_event("Ana Sequeira", "Moritz Albers", "Liene Ozola", rule="event.together")(r)
            and no_event_pair(r, "Ana Sequeira", "Liene Ozola")
        ),
    ),
    Case(
        "event.we_byline",
        PUB + "Joint media release\n\nThe Hon Odile Marchetti MP\nMinister for Trade\n\n"
        "Today we hosted Chancellor Moritz Albers and President Liene Ozola in Lisbon.\n",
        has_event("Odile Marchetti", "Moritz Albers", "Liene Ozola", rule="event.we_byline"),
    ),
    Case(
        "event.subject_list",
        PUB + "Prime Minister Ana Sequeira and Chancellor Moritz Albers met in Lisbon on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", rule="event.subject_list"),
    ),
    Case(
        "event.possessive_subject",
        PUB
        + "Prime Minister Ana Sequeira’s meeting with Chancellor Moritz Albers in Lisbon lasted two hours.",
        has_event("Ana Sequeira", "Moritz Albers", rule="event.possessive_subject"),
    ),
    Case(
        "event.the_two_leaders",
        PUB + "Prime Minister Ana Sequeira and Chancellor Moritz Albers agreed on a rail link. "
        "The agreement came after the two leaders spoke by phone on Thursday.",
        has_event("Ana Sequeira", "Moritz Albers", kind="call", rule="event.the_two_leaders"),
    ),
    Case(
        "event.accompanied",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers in Berlin on Thursday, "
        "accompanied by Foreign Minister Rui Tavares.",
        has_event("Ana Sequeira", "Moritz Albers", "Rui Tavares", rule="event.accompanied"),
    ),
    Case(
        "event.planned",
        PUB + "Prime Minister Ana Sequeira will meet Chancellor Moritz Albers in Berlin next week.",
        has_event("Ana Sequeira", "Moritz Albers", kind="planned", rule="event.planned"),
    ),
    Case(
        "event.list_item",
        PUB + "During her visit to Berlin, Prime Minister Ana Sequeira also met with:\n"
        "- Chancellor Moritz Albers;\n"
        "- Bundestag President Liene Ozola; and\n"
        "- Finance Minister Tomas Varga.\n",
        lambda r: (
            all(
                has_event("Ana Sequeira", other, rule="event.list_item")(r)
                for other in ("Moritz Albers", "Liene Ozola", "Tomas Varga")
            )
            and no_event_pair(r, "Moritz Albers", "Liene Ozola")
        ),
    ),
    Case(
        "event.transcript",
        "Beginning of the meeting with Chancellor Moritz Albers\n\n"
        "March 3, 2024, Lisbon\n\n"
        "Prime Minister Ana Sequeira: Chancellor, welcome to Lisbon.\n\n"
        "Chancellor Moritz Albers: Thank you, Prime Minister. I am glad to be here.\n",
        lambda r: event_field(
            ("Ana Sequeira", "Moritz Albers"), "date_start", "2024-03-03", "event.transcript"
        )(r),
    ),
    Case(
        "event.heading",
        "Prime Minister Sequeira meets Chancellor Albers\n\n"
        "Prime Minister Ana Sequeira met Chancellor Moritz Albers and Finance Minister Tomas Varga "
        "in Lisbon today.\n",
        lambda r: (
            len(r.extraction.events) == 1
            and has_event("Ana Sequeira", "Moritz Albers", "Tomas Varga")(r)
            and "event.heading" in r.extraction.events[0].rules
        ),
        switchable=False,  # the headline names one side only; off, it adds nothing
    ),
    Case(
        "event.merged",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers in Berlin on Thursday. "
        "Sequeira and Albers met again over dinner on Thursday in Berlin.",
        lambda r: (
            len(r.extraction.events) == 1
            and has_event("Ana Sequeira", "Moritz Albers", rule="event.merged")(r)
        ),
    ),
    # -- what is not an event -----------------------------------------------------------------
    Case(
        "exclude.reference",
        PUB + "Prime Minister Ana Sequeira and Chancellor Moritz Albers said the meeting had been cordial.",
        no_event("Ana Sequeira", "Moritz Albers"),
    ),
    Case(
        "exclude.visiting_adjective",
        PUB + "Prime Minister Ana Sequeira praised visiting Chancellor Moritz Albers for his patience.",
        no_event("Ana Sequeira", "Moritz Albers"),
    ),
    Case(
        "exclude.negated",
        PUB + "Prime Minister Ana Sequeira has not met Chancellor Moritz Albers since 2021.",
        no_event("Ana Sequeira", "Moritz Albers"),
    ),
    Case(
        "exclude.background",
        PUB + "Prime Minister Ana Sequeira last met Chancellor Moritz Albers in Berlin in March.",
        no_event("Ana Sequeira", "Moritz Albers"),
    ),
    Case(
        "exclude.wish",
        PUB + "Prime Minister Ana Sequeira hopes to meet Chancellor Moritz Albers in Berlin.",
        no_event("Ana Sequeira", "Moritz Albers"),
    ),
    # -- dates and places ----------------------------------------------------------------------
    Case(
        "date.in_sentence",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers in Berlin on May 2.",
        event_field(("Ana Sequeira", "Moritz Albers"), "date_start", "2024-05-02", "date.in_sentence"),
    ),
    Case(
        "date.earlier_sentence",
        PUB + "On May 2, Prime Minister Ana Sequeira flew to Berlin. She met Chancellor Moritz Albers "
        "in Berlin.",
        event_field(("Ana Sequeira", "Moritz Albers"), "date_start", "2024-05-02", "date.earlier_sentence"),
    ),
    Case(
        "date.next_sentence",
        "Prime Minister Ana Sequeira held a trilateral meeting with Chancellor Moritz Albers and "
        "President Liene Ozola.\n\nThe leaders met in Brussels on 21 March 2024 and agreed a plan.\n",
        event_field(
            ("Ana Sequeira", "Moritz Albers", "Liene Ozola"), "date_start", "2024-03-21", "date.next_sentence"
        ),
    ),
    Case(
        "date.trip",
        PUB + "Prime Minister Ana Sequeira will travel to Germany next week.\n\n"
        "In Berlin, she will meet Chancellor Moritz Albers.\n",
        event_field(("Ana Sequeira", "Moritz Albers"), "date_start", "2024-05-13", "date.trip"),
    ),
    Case(
        "date.dateline",
        "Published: 2024-05-03\n\n"
        "BERLIN, May 2 (Agency) - Chancellor Moritz Albers spoke about trade.\n\n"
        "Later, Prime Minister Ana Sequeira met Albers.\n",
        event_field(("Ana Sequeira", "Moritz Albers"), "date_start", "2024-05-02", "date.dateline"),
    ),
    Case(
        "date.published",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers in Berlin.",
        event_field(("Ana Sequeira", "Moritz Albers"), "date_start", "2024-05-10", "date.published"),
    ),
    Case(
        "place.in_sentence",
        PUB + "Prime Minister Ana Sequeira met Chancellor Moritz Albers at the Élysée Palace on Thursday.",
        event_field(("Ana Sequeira", "Moritz Albers"), "place", "Paris", "place.in_sentence"),
    ),
    Case(
        "place.dateline",
        PUB + "BERLIN (Agency) - Prime Minister Ana Sequeira met Chancellor Moritz Albers on Thursday.",
        event_field(("Ana Sequeira", "Moritz Albers"), "place", "Berlin", "place.dateline"),
    ),
    Case(
        "place.next_sentence",
        "Prime Minister Ana Sequeira held a trilateral meeting with Chancellor Moritz Albers and "
        "President Liene Ozola.\n\nThe leaders met in Brussels and agreed a plan.\n",
        event_field(
            ("Ana Sequeira", "Moritz Albers", "Liene Ozola"), "place", "Brussels", "place.next_sentence"
        ),
    ),
    Case(
        "place.venue_line",
        "Remarks by President Dale Horan and Prime Minister Ana Sequeira before bilateral meeting\n\n"
        "Oval Office\n\n"
        "PRESIDENT HORAN: Welcome, Prime Minister. Great to have you.\n\n"
        "PRIME MINISTER SEQUEIRA: Thank you, Mr. President.\n",
        event_field(("Dale Horan", "Ana Sequeira"), "place", "Washington", "place.venue_line"),
    ),
]


def no_event_pair(result: Result, first: str, second: str) -> bool:
    """No event of exactly these two people."""
    return all(result.participants(e) != {first, second} for e in result.extraction.events)


def test_every_rule_has_a_case() -> None:
    assert {case.rule for case in CASES} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_rule_does_its_work(case: Case) -> None:
    assert case.check(run(case.text)), f"{case.rule}: the check fails with every rule on"


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.switchable], ids=[c.rule for c in CASES if c.switchable]
)
def test_rule_switched_off_alone(case: Case) -> None:
    assert not case.check(run(case.text, frozenset({case.rule}))), f"{case.rule}: nothing changes when off"


def test_unknown_rule_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        extract_document("Text.", None, "d", disabled=frozenset({"event.no_such_rule"}))
