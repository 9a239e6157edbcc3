"""Provides date finding and resolution for news text — the only user of dateparser.

Candidate expressions are found with our own grammar (dateparser's `search_dates` is
slow and matches words like "may" and "now"); each is resolved against the
publication date. A year the text does not give is never taken from the clock.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from diplotui.extract.patterns import WordPattern, lower_text

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "last night": -1,
}
_NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
}

_M = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|2[01]\d\d)"
_TO = r"\s*(?:-|–|—|to|through|until|and|&)\s*"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_Y})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b"),
    ("mdmd", rf"\b(?P<m>{_M})\s+(?P<d>{_D}){_TO}(?P<m2>{_M})\s+(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?"),
    ("dmdm", rf"\b(?P<d>{_D})\s+(?P<m>{_M}){_TO}(?P<d2>{_D})\s+(?P<m2>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("mdd", rf"\b(?P<m>{_M})\s+(?P<d>{_D}){_TO}(?P<d2>{_D})\b(?:,?\s+(?P<y>{_Y}))?"),
    ("ddm", rf"\b(?P<d>{_D}){_TO}(?P<d2>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    (
        "md",
        rf"\b(?P<m>{_M})\s+(?P<d>{_D})\b(?!\s*(?:%|percent|per cent|million|billion))"
        rf"(?:,?\s+(?P<y>{_Y}))?",
    ),
    ("dm", rf"\b(?:the\s+)?(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("my", rf"\b(?P<m>{_M})\s+(?:of\s+)?(?P<y>{_Y})\b"),
    (
        "mo",
        r"\b(?:in|since|during|throughout|until|by|early|late|mid-?|last|next|this)\s+"
        r"(?P<m>January|February|March|April|May|June|July|August|September|October|"
        r"November|December)\b(?!\s+\d)",
    ),
    ("yr", rf"\b(?:in|since|during|throughout|until|by|of|early|late|mid-?)\s+(?P<y>{_Y})\b"),
    ("wdr", rf"\b(?:between\s+|from\s+)(?P<w>{_WD})\s+(?:and|to|through|until)\s+(?P<w2>{_WD})"),
    ("wd", rf"\b(?:(?P<q>last|next|this|on)\s+)?(?P<w>{_WD})\b"),
    (
        "rday",
        r"\b(?P<r>the day before yesterday|the day after tomorrow|today|tonight|"
        r"yesterday|tomorrow|this morning|this afternoon|this evening|last night)\b",
    ),
    (
        "ago",
        r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|ten)\s+"
        r"(?P<u>days?|weeks?)\s+ago\b",
    ),
    ("week", r"\b(?P<q>earlier this|later this|last|this|next)\s+week\b"),
    ("month", r"\b(?P<q>earlier this|later this|last|this|next)\s+month\b"),
    ("year", r"\b(?P<q>earlier this|later this|last|this|next)\s+year\b"),
]
# Looked for by their first letters (`WordPattern`) where they begin with words or
# digits of their own; the others begin with a number or an optional word.
_BEGIN_OPEN = frozenset({"dmdm", "ddm", "dm", "wd", "ago"})
_COMPILED = [
    (kind, WordPattern(p.removeprefix(r"\b"), ignore_case=True, scan=kind not in _BEGIN_OPEN))
    for kind, p in _PATTERNS
]
# What every pattern above needs at least one of (a digit, a month or weekday name, a
# relative word): a text without any holds no date, found in one pass instead of one per
# pattern.
_ANY_DATE = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    rf"December|{_WD}|today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|ago|"
    r"week|month|year)",
    re.IGNORECASE,
)
# Month names are capitalised in news text; lower-case "may"/"march" are verbs.
_CASE_SENSITIVE_MONTH = re.compile(_M)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, not yet resolved."""

    start: int
    end: int
    text: str
    kind: str
    groups: tuple[tuple[str, str], ...]

    def group(self, name: str) -> str | None:
        """Return the named part of the expression, if it was present."""
        return dict(self.groups).get(name)


@dataclass(frozen=True)
class ResolvedDate:
    """A date or range with how it was worked out.

    `start`/`end` are ISO dates or None; `partial` keeps month and day (`--02-21`)
    when the year is unknown; `note` says in words how the date was resolved.
    """

    start: str | None
    end: str | None
    precision: str
    text: str
    note: str
    partial: str | None = None

    @property
    def span_days(self) -> int:
        """How many days the date covers (large when unknown)."""
        if self.start is None or self.end is None:
            return 100_000
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1


UNKNOWN = ResolvedDate(None, None, "unknown", "", "no date in the text")


def find_dates(text: str) -> list[DateMention]:
    """Return the date expressions in `text`, longest first where they overlap.

    Args:
        text: Any text; a sentence or a whole document.

    Returns:
        Non-overlapping mentions in order of position.
    """
    found: list[DateMention] = []
    if not _ANY_DATE.search(text):
        return found
    # Taken spans, sorted and disjoint, as parallel lists for bisection.
    starts: list[int] = []
    ends: list[int] = []
    lowered = lower_text(text)
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text, 0, None, lowered):
            start, end = match.span()
            slot = bisect_right(starts, start)
            if (slot and ends[slot - 1] > start) or (slot < len(starts) and starts[slot] < end):
                continue
            month = match.groupdict().get("m")
            if month and month[0].isalpha() and not _CASE_SENSITIVE_MONTH.fullmatch(month):
                continue
            weekday = match.groupdict().get("w")
            if weekday and not weekday[0].isupper():
                continue
            groups = tuple((k, v) for k, v in match.groupdict().items() if v)
            found.append(DateMention(start, end, match.group(0), kind, groups))
            starts.insert(slot, start)
            ends.insert(slot, end)
    found.sort(key=lambda m: m.start)
    return found


def _month(value: str) -> int:
    return MONTHS[value.rstrip(".").casefold()]


def _day(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def _iso(day: date) -> str:
    return day.isoformat()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


OUT_OF_RANGE = "falls outside the calendar; left unresolved"


def resolve(mention: DateMention, published: date | None, future: bool = False) -> ResolvedDate:
    """Resolve a mention against the publication date (see `_resolve`).

    A date that cannot exist ("tomorrow" of 9999-12-31, "last week" of 0001-01-01) is
    left unresolved with a note, never an error: one odd document must not stop an
    ingest.
    """
    try:
        return _resolve(mention, published, future)
    except (OverflowError, ValueError):
        note = f"{mention.text!r} from the publication date ({published}) {OUT_OF_RANGE}"
        return ResolvedDate(None, None, "unknown", mention.text, note)


def _resolve(mention: DateMention, published: date | None, future: bool = False) -> ResolvedDate:
    """Resolve a mention against the publication date.

    Args:
        mention: What `find_dates` found.
        published: The document's publication date, if known.
        future: Whether the sentence speaks of the future (weekdays then look ahead).

    Returns:
        The resolved date; `precision` is "unknown" when it cannot be placed.
    """
    kind = mention.kind
    if kind in ("iso", "mdmd", "dmdm", "mdd", "ddm", "md", "dm"):
        return _resolve_calendar(mention, published, future)
    if kind == "my":
        year, month = int(mention.group("y") or 0), _month(mention.group("m") or "")
        last = calendar.monthrange(year, month)[1]
        return ResolvedDate(
            _iso(date(year, month, 1)),
            _iso(date(year, month, last)),
            "month",
            mention.text,
            "month and year as written",
        )
    if kind == "yr":
        year = int(mention.group("y") or 0)
        return ResolvedDate(f"{year}-01-01", f"{year}-12-31", "year", mention.text, "year as written")
    if kind == "mo":
        month = _month(mention.group("m") or "")
        if published is None:
            return ResolvedDate(
                None,
                None,
                "unknown",
                mention.text,
                "month without a year and no publication date",
                partial=f"--{month:02d}",
            )
        year = _nearest_year(published, month, 15, future)
        last = calendar.monthrange(year, month)[1]
        return ResolvedDate(
            _iso(date(year, month, 1)),
            _iso(date(year, month, last)),
            "month",
            mention.text,
            f"year {year} from the publication date ({published.isoformat()})",
        )
    if published is None:
        return ResolvedDate(
            None,
            None,
            "unknown",
            mention.text,
            f"{mention.text!r} needs a publication date, and there is none",
        )
    return _resolve_relative(mention, published, future)


def _nearest_year(published: date, month: int, day: int, future: bool) -> int:
    """Pick the year that puts month/day nearest the publication date.

    Reports of what happened cannot be dated more than a month after they were
    published, so such a date belongs to the year before; plans cannot be dated
    a month before, so such a date belongs to the year after.
    """
    year = published.year
    candidate = _safe_date(year, month, min(day, 28)) or date(year, month, 1)
    delta = (candidate - published).days
    if delta > 31 and not future:
        return year - 1
    if delta < -31 and future:
        return year + 1
    if delta > 240:
        return year - 1
    if delta < -300:
        return year + 1
    return year


def _resolve_calendar(mention: DateMention, published: date | None, future: bool) -> ResolvedDate:
    if mention.kind == "iso":
        day = _safe_date(
            int(mention.group("y") or 0), int(mention.group("m") or 0), int(mention.group("d") or 0)
        )
        if day is None:
            return ResolvedDate(None, None, "unknown", mention.text, "not a real date")
        return ResolvedDate(_iso(day), _iso(day), "day", mention.text, "date as written")
    month = _month(mention.group("m") or "")
    month2 = _month(mention.group("m2") or "") if mention.group("m2") else month
    day1 = _day(mention.group("d") or "1")
    day2 = _day(mention.group("d2") or "") if mention.group("d2") else day1
    is_range = mention.group("d2") is not None
    written_year = mention.group("y")
    if written_year:
        year = int(written_year)
        note = "date as written"
    elif published is not None:
        year = _nearest_year(published, month, day1, future)
        note = f"year {year} from the publication date ({published.isoformat()})"
    else:
        partial = f"--{month:02d}-{day1:02d}"
        if is_range:
            partial += f"/--{month2:02d}-{day2:02d}"
        return ResolvedDate(
            None,
            None,
            "unknown",
            mention.text,
            "year not given and no publication date",
            partial=partial,
        )
    first = _safe_date(year, month, day1)
    year2 = year + 1 if month2 < month else year
    last = _safe_date(year2, month2, day2)
    if first is None or last is None or last < first:
        return ResolvedDate(None, None, "unknown", mention.text, "not a real date")
    precision = "range" if is_range and last != first else "day"
    return ResolvedDate(_iso(first), _iso(last), precision, mention.text, note)


def _resolve_relative(mention: DateMention, published: date, future: bool) -> ResolvedDate:
    base = published.isoformat()
    kind = mention.kind
    text = mention.text
    if kind == "rday":
        offset = _DAY_WORDS[(mention.group("r") or "").casefold()]
        day = published + timedelta(days=offset)
        return ResolvedDate(
            _iso(day),
            _iso(day),
            "day",
            text,
            f"{text!r} → {day.isoformat()}, from the publication date ({base})",
        )
    if kind == "ago":
        raw = (mention.group("n") or "1").casefold()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 1)
        days = count * (7 if (mention.group("u") or "").startswith("week") else 1)
        day = published - timedelta(days=days)
        return ResolvedDate(
            _iso(day),
            _iso(day),
            "day",
            text,
            f"{text!r} → {day.isoformat()}, counted back from {base}",
        )
    if kind == "wd":
        qualifier = (mention.group("q") or "").casefold()
        target = WEEKDAYS[(mention.group("w") or "").casefold()]
        ahead = qualifier == "next" or (future and qualifier != "last")
        day = _weekday(published, target, ahead)
        if qualifier == "last" and day == published:
            day -= timedelta(days=7)
        return ResolvedDate(
            _iso(day),
            _iso(day),
            "day",
            text,
            f"{text!r} → {day.isoformat()}, the {'next' if ahead else 'last'} such day from {base}",
        )
    if kind == "wdr":
        first_day = WEEKDAYS[(mention.group("w") or "").casefold()]
        last_day = WEEKDAYS[(mention.group("w2") or "").casefold()]
        first = _weekday(published, first_day, future)
        last = first + timedelta(days=(last_day - first_day) % 7)
        return ResolvedDate(
            _iso(first),
            _iso(last),
            "range",
            text,
            f"{text!r} → the week around the publication date ({base})",
        )
    qualifier = (mention.group("q") or "").casefold()
    if kind == "week":
        monday = published - timedelta(days=published.weekday())
        shift = {"last": -7, "next": 7}.get(qualifier, 0)
        first, last = monday + timedelta(days=shift), monday + timedelta(days=shift + 6)
        if qualifier == "earlier this":
            last = published
        elif qualifier == "later this":
            first = published
        return ResolvedDate(
            _iso(first),
            _iso(last),
            "range",
            text,
            f"{text!r} → {first.isoformat()}..{last.isoformat()}, from {base}",
        )
    if kind == "month":
        year, month = published.year, published.month
        if qualifier == "last":
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        elif qualifier == "next":
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        precision = "month"
        if qualifier == "earlier this":
            last, precision = published, "range"
        elif qualifier == "later this":
            first, precision = published, "range"
        return ResolvedDate(
            _iso(first),
            _iso(last),
            precision,
            text,
            f"{text!r} → {first.isoformat()}..{last.isoformat()}, from {base}",
        )
    year = published.year + {"last": -1, "next": 1}.get(qualifier, 0)
    first, last = date(year, 1, 1), date(year, 12, 31)
    if qualifier == "earlier this":
        last = published
    elif qualifier == "later this":
        first = published
    precision = "year" if qualifier in ("last", "this", "next") else "range"
    return ResolvedDate(
        _iso(first),
        _iso(last),
        precision,
        text,
        f"{text!r} → {year}, from the publication date ({base})",
    )


def _weekday(published: date, target: int, ahead: bool) -> date:
    if ahead:
        return published + timedelta(days=(target - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - target) % 7)


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str) -> str | None:
    """Return a metadata date (`2023-02-22`, `22 February 2023`, RFC 2822…) as ISO.

    Args:
        value: The value of a `Published:`/`date:` field or an HTML meta tag.

    Returns:
        `YYYY-MM-DD`, or None when the value names no full date.
    """
    match = _ISO_PREFIX.match(value)
    if match:
        day = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return day.isoformat() if day else None
    if len(value) > 80 or not re.search(r"\d", value):
        return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None


def parse_iso(value: str) -> date | None:
    """Return `value` as a date if it is `YYYY-MM-DD`, else None."""
    match = _ISO_PREFIX.match(value or "")
    if not match:
        return None
    return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
