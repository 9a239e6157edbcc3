"""Generate a synthetic corpus in the genre for benchmarks: `python bench/corpus.py DIR N`.

Each document is about 4 KB: a dateline, a meeting between two officials, quotes, reported
speech and filler on the lexicon's topics. Names are made up from syllables; the random
generator is seeded, so the same N gives the same files.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = "ka lo mi ra ne to va shi en dor lan bek tur ses vin gor al ya ri mu".split()
COUNTRIES = [
    ("China", "Chinese", "Beijing"),
    ("Russia", "Russian", "Moscow"),
    ("India", "Indian", "New Delhi"),
    ("France", "French", "Paris"),
    ("Brazil", "Brazilian", "Brasilia"),
    ("Turkey", "Turkish", "Ankara"),
    ("Japan", "Japanese", "Tokyo"),
    ("Egypt", "Egyptian", "Cairo"),
]
TITLES = ["Foreign Minister", "President", "Prime Minister", "Defence Minister", "Trade Minister"]
TOPICS = [
    "bilateral trade and investment",
    "energy cooperation and gas supplies",
    "the Ukraine crisis and a political settlement",
    "security and defence ties",
    "climate finance",
    "the work of BRICS and the SCO",
    "sanctions and export controls",
]
FILLER = (
    "Officials from both sides described the atmosphere as constructive and said working "
    "groups would continue consultations on {topic}. Analysts noted that the relationship "
    "has grown steadily over the past decade, with regular contacts at every level. "
)


def name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def document(rng: random.Random, number: int) -> str:
    (c1, adj1, _), (c2, adj2, city2) = rng.sample(COUNTRIES, 2)
    host_title, guest_title = rng.choice(TITLES), rng.choice(TITLES)
    host, guest = name(rng), name(rng)
    published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))
    weekday = (published - timedelta(days=1)).strftime("%A")
    topic = rng.choice(TOPICS)
    month = published.strftime("%b.")
    parts = [
        f"Title: {adj1} and {adj2} officials meet in {city2} (#{number})",
        f"Published: {published.isoformat()}",
        "",
        f"{city2.upper()}, {month} {published.day} (Wire) - {adj1} {guest_title} {guest} met "
        f"{adj2} {host_title} {host} in {city2} on {weekday}, the latest in a series of "
        f"high-level contacts between the two countries.",
        "",
        f"\u201cWe had a frank and useful exchange on {topic},\u201d {guest.split()[-1]} told "
        f"reporters after the meeting.",
        "",
        f"{host.split()[-1]} said that the two sides would deepen cooperation on {topic} and "
        f"prepare a visit at the highest level.",
        "",
    ]
    body = "\n".join(parts)
    while len(body) < 4000:
        body += FILLER.format(topic=rng.choice(TOPICS))
    return body + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` documents into `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"doc-{number:05d}.txt"
        path.write_text(document(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    write_corpus(target, count)
    print(f"wrote {count} documents to {target}")
