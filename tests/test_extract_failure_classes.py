"""Extraction on the failure classes seen on real reporting (issue: extraction that holds).

Each text is ours, written in the style of a publisher kind (a defence ministry story
with a photo caption and a list of meetings, a government media release, a Kremlin
transcript, a White House transcript, an embassy notice); the expectations were worked
out by hand from the text.
"""

from __future__ import annotations

from helpers import run

DEFENCE = """\
Title: Hansen Hosts Philippine, Japanese Counterparts at Pentagon
Published: 2024-03-14

WASHINGTON —

Secretary of Defense Carl R. Hansen III hosted Philippine Defense Secretary Ramon T. Villareal \
and Japanese Defense Minister Kenji Moritaka for a trilateral meeting at the Pentagon on Wednesday.

"Our three nations share a commitment to a free and open Indo-Pacific," said Secretary of \
Defense Carl R. Hansen III. "Today we took concrete steps to deepen that cooperation."

Hansen told reporters that the ministers agreed to expand joint patrols. "We will sail \
together," he added.

Villareal thanked Hansen for the meeting. "The United States has been a steadfast ally," \
Villareal said, "and we are grateful."

Secretary of Defense Carl R. Hansen III meets with Philippine Defense Secretary Ramon T. \
Villareal at the Pentagon, Washington, D.C., March 13, 2024. (DOD photo by Sgt. Lee Park) \
VIRIN: 240313-D-XY123-0042

Hansen last met Villareal in Manila in November. The two ministers also spoke by phone in January.

During his visit, Villareal also met with:
- Chairman of the Joint Chiefs of Staff Gen. Robert T. Ellis Jr.;
- Deputy Secretary of State Anne M. Dorsey; and
- Senator Joan Price of Florida.
"""

NZ = """\
Title: Prime Minister to travel to Australia
Published: 2024-07-02

Prime Minister Mark Tolley will travel to Sydney next week for the annual Australia-New \
Zealand Leaders' Meeting with Australian Prime Minister Dana Whitlock.

"Australia is our closest partner and our only formal ally," Mr Tolley said.

The Prime Minister will be accompanied by Foreign Minister Ruth Aroha. Ms Aroha will also hold \
talks with her Australian counterpart, Foreign Minister Peter Lyle, on 9 July.

While in Sydney, Mr Tolley will meet business leaders and members of the Pacific community.

The leaders last met in Wellington in February, when they agreed to deepen defence cooperation.
"""

TRANSCRIPT = """\
Start of Russian-Chilean talks

March 3, 2017, Kazan

President of Russia Vladimir Putin: Madam President, friends, welcome to Kazan. I am glad to \
see you.

President of the Republic of Chile Ana María Soto (retranslated): Thank you, Mr President. It \
is an honour to be here.

Vladimir Putin: We have much to discuss today, including trade and energy.
"""

REMARKS = """\
Remarks by President Hale and Prime Minister Okoro of Nigeria Before Bilateral Meeting

Oval Office

11:02 A.M. EDT

PRESIDENT HALE: Well, thank you very much. It's a great honor to have the Prime Minister with \
us today. We're going to be discussing trade, security and a lot of other things.

PRIME MINISTER OKORO: (via interpreter) Thank you, Mr. President. Nigeria values this \
partnership greatly.

PRESIDENT HALE: Thank you all very much.

END 11:09 A.M. EDT
"""

EMBASSY = """\
Title: Ambassador calls on Minister of Foreign Affairs
Published: 2023-10-05

His Excellency Ambassador Tomas Varga called on Minister of Foreign Affairs and International \
Cooperation Dr. Amina Diallo at the Ministry in Dakar yesterday.

During the meeting, the two sides discussed economic cooperation and the upcoming visit of \
President Miklos Horvath. Dr. Diallo expressed her appreciation for Hungary's support.

Ambassador Varga said: "Hungary stands ready to deepen its partnership with Senegal."
"""


def test_defence_story_names_with_suffixes_and_initials() -> None:
    result = run(DEFENCE)
    hansen = result.people["Carl R. Hansen III"]
    assert hansen.title == "Secretary of Defense"
    assert "Hansen" in hansen.aliases
    assert result.people["Robert T. Ellis Jr."].title is not None
    # Not people: title fragments, caption codes, a state.
    assert not {"Joint Chiefs", "VIRIN", "Florida", "Staff"} & set(result.people)


def test_defence_story_speakers() -> None:
    result = run(DEFENCE)
    # Inverted attribution with the full title and suffix.
    assert result.speaker("Our three nations share") == "Carl R. Hansen III"
    # The quote after it continues the same speaker; "he added" after "Hansen told".
    assert result.speaker("Today we took concrete steps") == "Carl R. Hansen III"
    assert result.speaker("We will sail together") == "Carl R. Hansen III"
    # A quote split around its attribution.
    assert result.speaker("steadfast ally") == "Ramon T. Villareal"
    assert result.speaker("and we are grateful") == "Ramon T. Villareal"


def test_defence_story_trilateral_caption_and_list() -> None:
    result = run(DEFENCE)
    trilateral = result.event_with("Carl R. Hansen III", "Ramon T. Villareal", "Kenji Moritaka")
    # "on Wednesday" before a Thursday publication; the Pentagon is in Washington. The
    # photo caption about two of the three is the same meeting, not another one.
    assert (trilateral.date_start, trilateral.place) == ("2024-03-13", "Washington")
    pairs = [result.participants(e) for e in result.events()]
    assert {"Carl R. Hansen III", "Ramon T. Villareal"} not in pairs
    # Each list item is a meeting with the visitor; the guests never met each other.
    for guest in ("Robert T. Ellis Jr.", "Anne M. Dorsey", "Joan Price"):
        assert {"Ramon T. Villareal", guest} in pairs
    assert {"Robert T. Ellis Jr.", "Anne M. Dorsey"} not in pairs
    # "last met in Manila in November" is background; the phone call is no meeting.
    assert all(e.place != "Manila" for e in result.events())


def test_government_release_planned_meetings() -> None:
    result = run(NZ)
    leaders = result.event_with("Mark Tolley", "Dana Whitlock")
    assert (leaders.kind, leaders.place) == ("planned", "Sydney")
    assert (leaders.date_start, leaders.date_end) == ("2024-07-08", "2024-07-14")  # "next week"
    ministers = result.event_with("Ruth Aroha", "Peter Lyle")  # "her Australian counterpart, …"
    assert (ministers.kind, ministers.date_start) == ("planned", "2024-07-09")
    assert result.speaker("closest partner") == "Mark Tolley"
    # "The leaders last met in Wellington in February": background, not an event.
    assert all(e.place != "Wellington" for e in result.events())


def test_kremlin_transcript_is_a_meeting_dated_and_placed_by_its_date_line() -> None:
    result = run(TRANSCRIPT)
    soto = result.people["Ana María Soto"]
    assert (soto.title, soto.country) == ("President of the Republic of Chile", "Chile")
    meeting = result.event_with("Vladimir Putin", "Ana María Soto")
    assert (meeting.date_start, meeting.place) == ("2017-03-03", "Kazan")
    assert "event.transcript" in meeting.rules
    # "(retranslated)" inside the label is not part of the turn.
    assert result.speaker("It is an honour to be here") == "Ana María Soto"
    assert not result.quote("It is an honour").text.startswith("(retranslated)")


def test_white_house_remarks_before_bilateral_meeting() -> None:
    result = run(REMARKS)
    assert set(result.people) == {"Hale", "Okoro"}  # not "Bilateral Meeting"
    meeting = result.event_with("Hale", "Okoro")
    assert meeting.place == "Washington"  # the Oval Office
    assert meeting.date_start is None  # no date anywhere, no publication date
    assert result.speaker("Nigeria values this partnership") == "Okoro"
    # The closing "END 11:09 A.M. EDT" is not part of the last turn.
    assert "END" not in result.quote("Thank you all very much").text


def test_embassy_notice_courtesy_call() -> None:
    result = run(EMBASSY)
    assert set(result.people) == {"Tomas Varga", "Amina Diallo", "Miklos Horvath"}
    call = result.event_with("Tomas Varga", "Amina Diallo")
    assert (call.kind, call.date_start, call.place) == ("meeting", "2023-10-04", "Dakar")
    assert result.speaker("Hungary stands ready") == "Tomas Varga"


def test_gazetteer_cities_are_places_not_a_ban_on_names() -> None:
    result = run(
        "Published: 2024-02-01\n\nForeign Minister Grace Hamilton met Trade Minister Luis Florence "
        "in Sharm el-Sheikh on Tuesday. Hamilton flew on to Rio de Janeiro, where she met "
        "Finance Minister Ines Victoria."
    )
    # Hamilton, Florence and Victoria are cities too, and names here.
    assert {"Grace Hamilton", "Luis Florence", "Ines Victoria"} <= set(result.people)
    assert result.event_with("Grace Hamilton", "Luis Florence").place == "Sharm el-Sheikh"
    assert result.event_with("Grace Hamilton", "Ines Victoria").place == "Rio de Janeiro"


AU_RELEASE = """\
Title: Australia-Indonesia Foreign and Defence Ministers' 2+2 Meeting
Published: 2024-08-30

Joint media release

Senator the Hon Clara Dunmore
Minister for Foreign Affairs

The Hon Marcus Reid MP
Deputy Prime Minister
Minister for Defence

Today we hosted Indonesia's Foreign Minister Ratna Kusuma and Defence Minister Bima Santoso in \
Melbourne for the eighth Australia-Indonesia Foreign and Defence Ministers' 2+2 Meeting.

We discussed regional security, maritime cooperation and the situation in Myanmar.

"Indonesia is one of Australia's most important partners," Minister Dunmore said.

Deputy Prime Minister Reid said the two countries would expand joint exercises next year.
"""


def test_joint_media_release_byline_is_the_we_of_the_text() -> None:
    result = run(AU_RELEASE)
    dunmore, reid = result.people["Clara Dunmore"], result.people["Marcus Reid"]
    # "Senator the Hon … " and "… MP" are not part of the names; the line under each
    # name is the title.
    assert dunmore.title == "Minister for Foreign Affairs"
    assert reid.title == "Deputy Prime Minister"
    # "we hosted A and B for the 2+2": the two ministers of the byline and their guests,
    # one meeting; the guests are never paired with each other alone.
    meeting = result.event_with("Clara Dunmore", "Marcus Reid", "Ratna Kusuma", "Bima Santoso")
    assert (meeting.date_start, meeting.place) == ("2024-08-30", "Melbourne")
    assert {"Ratna Kusuma", "Bima Santoso"} not in [result.participants(e) for e in result.events()]
    assert result.speaker("most important partners") == "Clara Dunmore"


BROADCASTER = """\
Title: Starmer and Scholz agree defence pact in Berlin
Published: 2024-08-28

By Anna Clarke, political correspondent, BBC News

Prime Minister Sir Keir Starling has met German Chancellor Otto Hansel in Berlin, where the \
pair agreed to work on a new defence treaty.

Speaking at a joint news conference on Wednesday, Sir Keir said the UK wanted a "reset" with Europe.

Mr Hansel said: "We will deepen our cooperation on security, on energy and on migration."

The prime minister will travel to Paris on Thursday to meet French President Louis Marchand at \
the Elysee Palace.

It is the first visit by a UK prime minister to Berlin since Rishi Sunak travelled there last year.
"""


def test_broadcaster_story_titles_and_planned_meeting() -> None:
    result = run(BROADCASTER)
    # "Prime Minister Sir Keir Starling": the honorific is neither title nor name.
    assert result.people["Keir Starling"].title == "Prime Minister"
    berlin = result.event_with("Keir Starling", "Otto Hansel")
    assert (berlin.kind, berlin.place) == ("meeting", "Berlin")
    paris = result.event_with("Keir Starling", "Louis Marchand")
    assert (paris.kind, paris.date_start, paris.place) == ("planned", "2024-08-29", "Paris")
    assert result.speaker("deepen our cooperation") == "Otto Hansel"
    # The byline's reporter is not a participant of anything.
    assert all("Anna Clarke" not in result.participants(e) for e in result.events())


def test_surnames_that_are_cities_and_countries_after_the_name() -> None:
    result = run(
        "Published: 2024-03-05\n\nSecretary of State Dale Horan met Foreign Minister Ana Lima of "
        "Brazil and Prime Minister Emeka Okoro of Nigeria in Washington on Monday."
    )
    lima = result.people["Ana Lima"]  # Lima is a capital; after a title it is a surname
    assert (lima.title, lima.country) == ("Foreign Minister", "Brazil")
    assert result.people["Emeka Okoro"].country == "Nigeria"
    assert result.event_with("Dale Horan", "Ana Lima", "Emeka Okoro").place == "Washington"


def test_interview_labels_are_people_but_no_meeting() -> None:
    result = run(
        "Interview with Foreign Minister Rui Tavares\n\n"
        "JOURNALIST MARIA SOUSA: Minister, thank you for joining us.\n\n"
        "FOREIGN MINISTER RUI TAVARES: Thank you for having me.\n\n"
        "MARIA SOUSA: What did you discuss with Chancellor Albers last week?\n"
    )
    assert {"Rui Tavares", "Maria Sousa"} <= set(result.people)
    assert "Journalist Maria Sousa" not in result.people
    assert result.speaker("Thank you for having me") == "Rui Tavares"
    assert result.events() == []  # an interview is not a meeting


DEFENCE_PRESS = """\
Title: Defence chiefs meet in Canberra
Published: 2024-09-12

CANBERRA — Australian Defence Minister Tom Breck met his Japanese counterpart, Defence \
Minister Haruki Sato, in Canberra on Wednesday.

"This is a partnership for the decades ahead," Breck said in a statement.

Speaking to reporters after the talks, Sato said: "We agreed to deepen our cooperation in the \
air and at sea."

"We will hold more joint exercises," the minister added. "And we will do it soon."

According to Breck, "the region is safer when allies work together."

"It was a productive day," said a senior defence official, who spoke on condition of anonymity.

The Japanese minister told ABC News: "Australia is a special strategic partner."

"Nobody wants conflict," Breck told reporters. "But we must be ready."

Opposition defence spokesman Andrew Hale said the government "must spend more on the navy".
"""


def test_speakers_in_a_wire_story_about_defence_ministers() -> None:
    result = run(DEFENCE_PRESS)
    assert result.speaker("partnership for the decades") == "Tom Breck"  # said in a statement
    assert result.speaker("deepen our cooperation") == "Haruki Sato"  # Speaking …, X said: "…"
    assert result.speaker("more joint exercises") == "Haruki Sato"  # "…," the minister added
    assert result.speaker("do it soon") == "Haruki Sato"  # continues
    assert result.speaker("the region is safer") == "Tom Breck"  # According to X, "…"
    assert result.speaker("productive day") is None  # an unnamed official stays unnamed
    assert result.speaker("special strategic partner") == "Haruki Sato"  # the Japanese minister told …
    assert result.speaker("must be ready") == "Tom Breck"
    assert result.speaker("spend more on the navy") == "Andrew Hale"
    assert result.event_with("Tom Breck", "Haruki Sato").date_start == "2024-09-11"


def test_bilaterals_courtesy_calls_and_city_states() -> None:
    result = run(
        "Published: 2024-09-13\n\n"
        "Foreign Minister Ana Pereira held a bilateral meeting with Indian External Affairs Minister "
        "Ravi Menon on the margins of the UN General Assembly in New York on Tuesday (Sept. 10).\n\n"
        "Pereira also held a bilateral with Singapore's Foreign Minister Lee Wen on 11 September.\n\n"
        "Defence Minister Tom Breck received a courtesy call from Fiji's High Commissioner Josefa Tora "
        "in Canberra on Thursday.\n"
    )
    assert (
        result.event_with("Ana Pereira", "Ravi Menon").date_start,
        result.people["Ravi Menon"].country,
    ) == (
        "2024-09-10",
        "India",
    )
    assert result.event_with("Ana Pereira", "Lee Wen").date_start == "2024-09-11"
    assert result.people["Lee Wen"].country == "Singapore"  # a city-state is a country
    courtesy = result.event_with("Tom Breck", "Josefa Tora")
    assert (courtesy.date_start, courtesy.place) == ("2024-09-12", "Canberra")


def test_a_release_dated_by_a_labelled_date_line() -> None:
    result = run(
        "Minister meets counterpart\n\nMedia release | 12 September 2024\n\n"
        "Trade Minister Odile Marchetti met Economy Minister Rui Tavares in Lisbon.\n"
    )
    meeting = result.event_with("Odile Marchetti", "Rui Tavares")
    assert meeting.date_start == "2024-09-12" and "date.dateline" in meeting.rules


def test_speaker_labels_in_the_middle_of_a_run_on_paragraph() -> None:
    result = run(
        "Remarks by President Dale Hale and Prime Minister Emeka Okoro before bilateral meeting\n\n"
        "PRESIDENT HALE: Welcome, Prime Minister. It is good to see you. PRIME MINISTER OKORO: "
        "Thank you, Mr. President. We have much to discuss. PRESIDENT HALE: Indeed we do.\n"
    )
    assert result.speaker("good to see you") == "Dale Hale"
    assert result.speaker("much to discuss") == "Emeka Okoro"
    assert result.speaker("Indeed we do") == "Dale Hale"
    assert "PRIME MINISTER" not in result.quote("good to see you").text
    assert "event.transcript" in result.event_with("Dale Hale", "Emeka Okoro").rules


SHOUTED = (
    "Title: Notice\nPublished: 2024-04-02\n\n"
    + " ".join(["ALL DELEGATIONS ARE REMINDED THAT ACCREDITATION CLOSES TODAY AT NOON LOCAL TIME"] * 6)
    + ".\n\nForeign Minister Ana Pereira met Trade Minister Rui Costa in Lisbon on Monday.\n"
)


def test_a_long_run_of_capitals_is_no_name_and_costs_nothing_per_word() -> None:
    from diplotui.extract import extract_document
    from diplotui.extract.people import MAX_RUN, Runs

    body = SHOUTED.split("\n\n", 1)[1]
    runs = list(Runs(body, read=False).read())
    assert all(len(run) <= MAX_RUN for run in runs)
    assert not any(run[0].word == "ALL" for run in runs)  # the shouted run is dropped whole
    result = extract_document(body, "2024-04-02", "d-shout")
    names = sorted(p.name for p in result.people)
    assert names == ["Ana Pereira", "Rui Costa"]
    assert [sorted(e.participants) for e in result.events] == [sorted(p.id for p in result.people)]


def test_runs_read_again_from_their_offsets_are_the_runs_first_read() -> None:
    from pathlib import Path

    from diplotui.extract.people import MAX_WORD, Runs

    seed = next(Path(__file__).parent.parent.joinpath("seeds").glob("*.txt")).read_text(encoding="utf-8")
    texts = [
        seed,
        SHOUTED,
        "of BrazilLuiz Inacio Lula da Silva met the Hon. U.S. Ambassador to the UN, Ana de la Cruz, "
        "and Abdel Fattah al-Sisi’s envoy.",
        "A." * 100 + " Foreign Minister Ana Pereira met Rui Costa.",
    ]
    for text in texts:
        runs = Runs(text, read=False)
        first = [[(t.start, t.end, t.text) for t in run] for run in runs.read()]  # as found
        again = [[(t.start, t.end, t.text) for t in run] for run in runs]  # read from offsets
        assert again == first
        assert all(len(t[2]) <= MAX_WORD for run in again for t in run)


def test_a_name_written_with_a_nickname_or_another_transliteration_is_linked() -> None:
    from diplotui.extract.people import PeopleFinder, person_key

    text = (
        "CIA Director William Burns met Deputy Foreign Minister Sergei Ryabkov in Geneva on Monday. "
        "The delegation of Bill Burns left on Tuesday, and the remarks of Sergey Ryabkov were brief."
    )
    finder = PeopleFinder(text)
    finder.find()
    aliases = {(text[m.start : m.end], m.person) for m in finder.mentions if m.kind == "alias"}
    assert aliases == {
        ("Bill Burns", person_key("William Burns")),
        ("Sergey Ryabkov", person_key("Sergei Ryabkov")),
    }


def test_a_name_dense_text_costs_a_bounded_multiple_of_its_size() -> None:
    import tracemalloc

    from diplotui.extract import extract_document

    body = "Foreign Minister Ana Pereira met Rui Costa, " * 1500 + "in Lisbon."  # 65 KB
    tracemalloc.start()
    try:
        result = extract_document(body, "2024-04-02", "d-dense")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result.events) == 1
    # A token object per capitalised word, kept for the whole document, cost over 50x.
    assert peak < 25 * len(body)


def test_the_event_finders_caches_keep_only_their_latest_entries() -> None:
    from diplotui.extract.events import _Recent

    cache: _Recent[int, str] = _Recent()
    for n in range(_Recent.LIMIT + 10):
        cache[n] = str(n)
    assert len(cache) == _Recent.LIMIT
    assert 0 not in cache and cache[_Recent.LIMIT + 9] == str(_Recent.LIMIT + 9)


def test_a_meeting_repeated_sentence_after_sentence_is_folded_as_it_is_found() -> None:
    from dataclasses import asdict

    from diplotui.dates import ResolvedDate
    from diplotui.extract.events import MERGED, TRANSCRIPT, RawEvent
    from diplotui.extract.merge import append_event, merge_events

    day = ResolvedDate("2024-04-01", "2024-04-01", "day", "on Monday", "as written")

    def report(n: int, principals: tuple[str, str] = ("a", "b"), rules: tuple[str, ...] = ()) -> RawEvent:
        return RawEvent(
            "meeting", list(principals), date=day, evidence=[(n * 10, n * 10 + 9)], rules=list(rules)
        )

    def reports() -> list[RawEvent]:
        return [
            report(0),
            report(1),
            report(2, ("a", "c")),
            report(3),
            report(4),
            report(5, rules=(TRANSCRIPT,)),
            report(6, rules=(TRANSCRIPT,)),
        ]

    folded: list[RawEvent] = []
    for event in reports():
        append_event(folded, event)
    # Neighbours alike but for their sentence are one record; transcript turns stay apart.
    assert [e.evidence for e in folded] == [
        [(0, 9), (10, 19)],
        [(20, 29)],
        [(30, 39), (40, 49)],
        [(50, 59)],
        [(60, 69)],
    ]
    assert MERGED in folded[0].rules

    # Merging the folded list gives the events merging every report one by one gives, with
    # the same rules and sentences (the first the same; a folded report's sentences stay
    # together, and its rules are named in another order).
    def merged(events: list[RawEvent]) -> list[dict]:
        found = [asdict(e) for e in merge_events(events)]
        return [
            {**e, "evidence": (e["evidence"][0], sorted(e["evidence"])), "rules": sorted(e["rules"])}
            for e in found
        ]

    assert merged(folded) == merged(reports())


def test_a_transcript_turn_in_quotation_marks_is_one_quote() -> None:
    from diplotui.extract import extract_document

    text = (
        'PRESIDENT HALE: "Thank you very much, Mr. Prime Minister."\n\n'
        'PRIME MINISTER ROSS: "Thank you, Mr. President. It is an honour."\n\n'
        "PRESIDENT HALE: Welcome to Lisbon.\n"
    )
    result = extract_document(text, "2024-05-06", "d-turns")
    names = {p.id: p.name for p in result.people}
    said = [(names.get(q.speaker or ""), q.text.strip('"')) for q in result.quotes]
    assert said == [
        ("Hale", "Thank you very much, Mr. Prime Minister."),
        ("Ross", "Thank you, Mr. President. It is an honour."),
        ("Hale", "Welcome to Lisbon."),
    ]
