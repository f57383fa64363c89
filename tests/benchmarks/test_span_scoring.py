"""Span-level scoring of the presidio-research comparison: the overlap rule, the counts, the
gold file reader and the report section (no ../shared, no model)."""

import json

import pytest

from benchmarks.accuracy_harness.report import span_section
from benchmarks.accuracy_harness.spans import (
    ENTITIES,
    EntityScore,
    Span,
    SpanRun,
    ToolRun,
    load_sentences,
    overlapping,
    score_spans,
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (0, 10), True),
        ((0, 10), (5, 10), True),  # the shorter one lies wholly inside
        ((0, 4), (2, 10), True),  # 2 of the shorter's 4
        ((0, 5), (3, 10), False),  # 2 of the shorter's 5
        ((0, 4), (4, 8), False),  # touching, not overlapping
        ((20, 30), (0, 10), False),
    ],
)
def test_spans_match_when_they_overlap_by_half_the_shorter(a, b, expected):
    left, right = Span("PERSON", *a), Span("PERSON", *b)
    assert overlapping(left, right) is expected
    assert overlapping(right, left) is expected


def test_spans_of_different_entities_never_match():
    assert not overlapping(Span("PERSON", 0, 5), Span("ADDRESS", 0, 5))


def by_entity(scores: tuple[EntityScore, ...]) -> dict[str, EntityScore]:
    return {s.entity: s for s in scores}


def test_precision_counts_predictions_and_recall_counts_gold_spans():
    gold = [
        [Span("PERSON", 0, 4), Span("PERSON", 10, 15), Span("ADDRESS", 20, 30)],
        [Span("US_SSN", 0, 11)],
        [],
    ]
    predicted = [
        # Both names lie wholly inside one prediction: both are found, and it is correct.
        [Span("PERSON", 0, 15), Span("ADDRESS", 40, 50)],
        [Span("US_SSN", 0, 11), Span("US_SSN", 1, 11)],
        [Span("PHONE_NUMBER", 0, 12)],
    ]
    scores = by_entity(score_spans(gold, predicted))
    person, address, ssn = scores["PERSON"], scores["ADDRESS"], scores["US_SSN"]
    assert (person.gold, person.found, person.predicted, person.correct) == (2, 2, 1, 1)
    assert (address.gold, address.found, address.predicted, address.correct) == (1, 0, 1, 0)
    assert (address.precision, address.recall, address.f1) == (0.0, 0.0, 0.0)
    assert (ssn.gold, ssn.found, ssn.predicted, ssn.correct) == (1, 1, 2, 2)
    phone = scores["PHONE_NUMBER"]
    assert (phone.precision, phone.recall, phone.f1) == (0.0, None, None)
    email = scores["EMAIL_ADDRESS"]
    assert (email.precision, email.recall) == (None, None)
    assert tuple(scores) == ENTITIES


def test_gold_types_map_and_misplaced_spans_are_realigned(tmp_path):
    text = "For my take on Mrs. Ayers, see Oslo or 10.0.0.1 (Acme Corp)."
    records = [
        {
            "full_text": text,
            "spans": [
                # Off by one, as upstream in generated_small record 56.
                {"entity_type": "PERSON", "entity_value": "Ayers", "start_position": 21,
                 "end_position": 26},
                {"entity_type": "LOCATION", "entity_value": "Oslo", "start_position": 31,
                 "end_position": 35},
                {"entity_type": "IP_ADDRESS", "entity_value": "10.0.0.1", "start_position": 39,
                 "end_position": 47},
                {"entity_type": "ORGANIZATION", "entity_value": "Acme Corp",
                 "start_position": 49, "end_position": 58},
            ],
        }
    ]  # fmt: skip
    (tmp_path / "one.json").write_text(json.dumps(records), encoding="utf-8")
    [sentence] = load_sentences(tmp_path, ["one.json"])
    assert sentence.text == text
    found = {(s.entity, text[s.start : s.end]) for s in sentence.spans}
    assert found == {("PERSON", "Ayers"), ("ADDRESS", "Oslo"), ("IP_ADDRESS", "10.0.0.1")}


def test_the_report_section_shows_both_tools_side_by_side():
    scores = tuple(EntityScore(e, 4, 2, 2, 1) for e in ENTITIES)
    run = SpanRun(
        "one.json (1 sentence)",
        (ToolRun("piiscan", scores, 2.0, 100), ToolRun("presidio", scores, 4.0, 100)),
    )
    lines = span_section(run)
    assert lines[0] == "## Span level (presidio-research)"
    assert any(line.startswith("| entity | gold | piiscan pred |") for line in lines)
    assert "| PERSON | 4 | 2 | 0.50 | 0.50 | 0.500 | 2 | 0.50 | 0.50 | 0.500 |" in lines
    assert "- presidio: 4.0 s, 25 sentences/s" in lines
