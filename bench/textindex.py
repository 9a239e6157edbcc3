"""Word index against a scan of documents' text: `python bench/textindex.py [N ...]`.

Makes N generated documents of about 4 KB (default 10,000), builds the word index the
query layer uses for free words, and prints its build time and size with the time of a
word, a prefix and a phrase looked up in it, beside the same look-ups done by reading
every text.
"""

from __future__ import annotations

import random
import sys
import time

from diplotui.textindex import TextIndex, find_word_start


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfglmnprst" for b in "aeiou" for c in "klmnrst"]
    vocabulary += [w + "ian" for w in vocabulary[:200]]
    return [" ".join(rng.choice(vocabulary) for _ in range(700)) + "." for _ in range(count)]


def main() -> None:
    for count in [int(a) for a in sys.argv[1:]] or [10_000]:
        texts = _texts(count)
        start = time.perf_counter()
        index = TextIndex(iter(texts), texts.__getitem__)
        built = time.perf_counter() - start
        size = index.nbytes()
        print(f"{count} documents, {sum(map(len, texts)) / 2**20:.1f} MB of text")
        print(f"  index built in {built:.2f} s, {size / 2**20:.1f} MB")
        for query in ("tun", "bak", "bakian", "bak tun"):
            start = time.perf_counter()
            found = index.search(query)
            indexed = time.perf_counter() - start
            start = time.perf_counter()
            scanned = {n for n, text in enumerate(texts) if find_word_start(text, query) >= 0}
            scan = time.perf_counter() - start
            assert found == scanned
            print(
                f"  {query!r:10} {len(found):6} documents: "
                f"index {indexed * 1000:7.1f} ms, scan {scan * 1000:7.1f} ms"
            )


if __name__ == "__main__":
    main()
