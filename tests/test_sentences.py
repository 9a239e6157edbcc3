"""Paragraphs and sentences are kept as arrays of offsets and read back as spans."""

from __future__ import annotations

import pytest

from diplotui.extract.sentences import Sentence, Spans, paragraphs, split_sentences

TEXT = "Ministers met in Oslo. Talks ran late.\n\nA second paragraph follows here."


def test_paragraphs_read_back_as_pairs_by_index_slice_and_iteration() -> None:
    paras = paragraphs(TEXT)
    assert len(paras) == 2
    assert paras[0] == (0, 38) and TEXT[slice(*paras[1])] == "A second paragraph follows here."
    assert paras[-1] == paras[1]
    assert paras[0:2] == list(paras) == [(0, 38), (40, len(TEXT))]
    assert paras == [(0, 38), (40, len(TEXT))] and paras != [(0, 38)]


def test_spans_are_unhashable_like_the_lists_they_stand_for() -> None:
    with pytest.raises(TypeError):
        hash(Spans([(0, 1)]))


def test_sentences_are_made_when_read_with_their_index_and_paragraph() -> None:
    sentences = split_sentences(TEXT)
    assert [TEXT[s.start : s.end] for s in sentences] == [
        "Ministers met in Oslo.",
        "Talks ran late.",
        "A second paragraph follows here.",
    ]
    assert sentences[2] == Sentence(2, 40, len(TEXT), 1)
    assert sentences[-1] == sentences[2]
    assert sentences[1:] == [sentences[1], sentences[2]]
    assert [s.index for s in sentences] == [0, 1, 2]
    with pytest.raises(IndexError):
        sentences[3]
    with pytest.raises(IndexError):
        sentences[-4]
