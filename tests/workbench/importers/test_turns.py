"""Speaker turns and timestamps are found in typed transcripts, and not in ordinary notes."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest

from workbench.importers.base import ParsedSpan, TextBuilder
from workbench.importers.turns import (
    detect_turns,
    is_interviewer_name,
    is_speaker_name,
    parse_timestamp,
    split_speaker_prefix,
)

if TYPE_CHECKING:
    from pathlib import Path

Turn = tuple[str | None, float | None, str]


def turns_of_lines(text: str) -> list[Turn]:
    """Detect turns with one paragraph per line, as the .txt importer does."""
    builder = TextBuilder()
    builder.add_all(text.split("\n"))
    return _described(builder)


def turns_of_paragraphs(*paragraphs: str) -> list[Turn]:
    """Detect turns in paragraphs that hold line breaks, as Word documents do."""
    builder = TextBuilder()
    builder.add_all(paragraphs)
    return _described(builder)


def _described(builder: TextBuilder) -> list[Turn]:
    text = builder.text()
    spans = detect_turns(text, builder.spans)
    assert all(span.kind == "turn" for span in spans)
    return [(span.speaker, span.time_start, text[span.start : span.end]) for span in spans]


INTERVIEW = """Interviewer: How long have you worked on the ward?
P01: About six years now.
Interviewer: And what changed when the new system came in?
P01: Everything, really.
It took months to settle.
Interviewer: Thank you."""


def test_name_colon_lines_become_turns_with_continuation_lines() -> None:
    assert turns_of_lines(INTERVIEW) == [
        ("Interviewer", None, "Interviewer: How long have you worked on the ward?"),
        ("P01", None, "P01: About six years now."),
        ("Interviewer", None, "Interviewer: And what changed when the new system came in?"),
        ("P01", None, "P01: Everything, really.\nIt took months to settle."),
        ("Interviewer", None, "Interviewer: Thank you."),
    ]


def test_lines_before_the_first_speaker_belong_to_no_turn() -> None:
    turns = turns_of_lines("Interview 4, ward B\n\n" + INTERVIEW)
    assert turns[0][2].startswith("Interviewer: How long")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Participant 3", "Dr. Smith"),
        ("INT", "R1"),
        ("Zoë Ångström", "José María"),
        ("Mary-Ann O\u2019Neill", "Ward Sister"),
        ("Jan van der Berg", "Speaker 2"),
    ],
)
def test_names_ids_titles_and_accents_are_speakers(first: str, second: str) -> None:
    text = f"{first}: one\n{second}: two\n{first}: three\n{second}: four"
    assert [turn[0] for turn in turns_of_lines(text)] == [first, second, first, second]


@pytest.mark.parametrize("dash", ["-", "\u2013"])
def test_id_dash_text_lines_become_turns(dash: str) -> None:
    text = (
        f"P01 {dash} I started in 2019.\nInt {dash} Why then?\n"
        f"P01 {dash} A new post.\nInt {dash} OK."
    )
    turns = turns_of_lines(text)
    assert [turn[0] for turn in turns] == ["P01", "Int", "P01", "Int"]
    assert turns[0][2] == f"P01 {dash} I started in 2019."


@pytest.mark.parametrize(
    ("line", "speaker", "seconds"),
    [
        ("[00:01:02] Jane Doe: hello", "Jane Doe", 62.0),
        ("(00:01:02) Jane Doe: hello", "Jane Doe", 62.0),
        ("00:01:02 Jane Doe: hello", "Jane Doe", 62.0),
        ("Jane Doe (00:01:02): hello", "Jane Doe", 62.0),
        ("Jane Doe [01:02]: hello", "Jane Doe", 62.0),
        ("[1:02:03.5] Jane Doe: hello", "Jane Doe", 3723.5),
    ],
)
def test_timestamps_before_or_after_the_name_give_the_turn_time(
    line: str, speaker: str, seconds: float
) -> None:
    other = "[00:09:00] Bob: fine\n[00:09:30] Bob: and more"
    turns = turns_of_lines(f"{line}\n{other}\n{line}")
    assert turns[0] == (speaker, seconds, line)
    assert turns[1][:2] == ("Bob", 540.0)


def test_otter_header_lines_start_turns_that_run_over_the_following_lines() -> None:
    text = (
        "Speaker 1  0:05\nSo, tell me about the clinic.\n\n"
        "Jane Doe  1:02:03\nIt was busy.\nVery busy.\n\n"
        "Speaker 1  1:03:00\nRight.\n\n"
        "Jane Doe  1:03:09\nYes."
    )
    assert turns_of_lines(text) == [
        ("Speaker 1", 5.0, "Speaker 1  0:05\nSo, tell me about the clinic."),
        ("Jane Doe", 3723.0, "Jane Doe  1:02:03\nIt was busy.\nVery busy."),
        ("Speaker 1", 3780.0, "Speaker 1  1:03:00\nRight."),
        ("Jane Doe", 3789.0, "Jane Doe  1:03:09\nYes."),
    ]


def test_otter_header_and_text_sharing_a_word_paragraph() -> None:
    turns = turns_of_paragraphs(
        "Speaker 1  0:05\nHello.",
        "Speaker 2  0:09\nHi.\nHow are you?",
        "A paragraph that continues speaker 2.",
        "Speaker 1  0:15\nWell.",
        "Speaker 2  0:20\nGood.",
    )
    assert turns[1] == (
        "Speaker 2",
        9.0,
        "Speaker 2  0:09\nHi.\nHow are you?\nA paragraph that continues speaker 2.",
    )
    assert len(turns) == 4


def test_consecutive_turns_of_one_speaker_stay_separate() -> None:
    text = "Interviewer: a\nP01: b\nP01: c\nInterviewer: d"
    assert [turn[2] for turn in turns_of_lines(text)] == [
        "Interviewer: a",
        "P01: b",
        "P01: c",
        "Interviewer: d",
    ]


def test_timestamp_line_before_the_speaker_line_times_the_turn() -> None:
    text = (
        "00:00:05\nJane Doe\nHello.\n00:00:09\nBob\nHi.\n"
        "00:00:12\nJane Doe\nBye.\n00:00:14\nBob\nBye."
    )
    turns = turns_of_lines(text)
    assert turns[0] == ("Jane Doe", 5.0, "00:00:05\nJane Doe\nHello.")
    assert [turn[1] for turn in turns] == [5.0, 9.0, 12.0, 14.0]


def _teams_paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(kind, text) of the body of a Word file: w:br becomes a line break."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(docx) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{w}body")
    assert body is not None
    found: list[tuple[str, str]] = []
    for element in body:
        kind = "table" if element.tag == f"{w}tbl" else "paragraph"
        paragraphs = element.iter(f"{w}p") if kind == "table" else [element]
        for paragraph in paragraphs:
            parts = [
                "\n" if node.tag == f"{w}br" else node.text or ""
                for node in paragraph.iter()
                if node.tag in {f"{w}t", f"{w}br"}
            ]
            found.append((kind, "".join(parts)))
    return found


def test_teams_transcript_saved_as_word_gives_one_turn_per_paragraph(samples_dir: Path) -> None:
    builder = TextBuilder()
    table_start: int | None = None
    docx = samples_dir / "transcripts" / "teams_transcript_export.docx"
    for kind, paragraph in _teams_paragraphs(docx):
        start = builder.add(paragraph)
        if kind == "table" and table_start is None:
            table_start = start
    text = builder.text()
    assert table_start is not None
    table = ParsedSpan(table_start, len(text.rstrip("\n")), "table")
    turns = detect_turns(text, [*builder.spans, table])
    assert [(t.speaker, t.time_start, text[t.start : t.end]) for t in turns] == [
        ("Some Body", 0.0, "0:0:0.0 --> 0:0:1.510\nSome Body\nOK. Yeah."),
        ("James Bond", 3.27, "0:0:3.270 --> 0:0:4.250\nJames Bond\nUmm."),
    ]


def test_headings_end_a_turn() -> None:
    builder = TextBuilder()
    builder.add_all(INTERVIEW.split("\n"))
    builder.add("# Field notes", kind="heading", label="1")
    builder.add("The ward was quiet.")
    text = builder.text()
    last = detect_turns(text, builder.spans)[-1]
    assert text[last.start : last.end] == "Interviewer: Thank you."


@pytest.mark.parametrize(
    "notes",
    [
        "Workshop 2\nNote: bring the slides\nAction: Sam to book room\nAim: agree the themes\n"
        "Action: Priya to circulate\nNote: lunch provided\nAction: all to read the draft",
        "Agenda\nWelcome  9:30\nIntroductions  9:45\nBreakout groups  10:30\nLunch  12:30",
        "Key Point: staff are tired\nKey Points: three\nNext Steps: write up\nQ1: what worked?",
        "Cost - too high\nStaff - not trained\nCost - again\nStaff - still not trained",
        "The main thing is: staff\nWhat we heard: tired\n"
        "The main thing is: time\nWhat we heard: ok",
    ],
)
def test_ordinary_notes_have_no_turns(notes: str) -> None:
    assert turns_of_lines(notes) == []


def test_names_must_recur_to_count_as_speakers() -> None:
    assert turns_of_lines("Alice: one\nBob: two\nCarol: three\nDave: four") == []


def test_a_single_speaker_line_is_not_a_transcript() -> None:
    assert turns_of_lines("Jane: hello") == []


def test_an_interviewer_name_is_enough_evidence_for_a_short_exchange() -> None:
    assert [t[0] for t in turns_of_lines("Interviewer: hello\nP01: hi")] == ["Interviewer", "P01"]


def test_speaker_lines_must_be_a_fair_share_of_the_paragraphs() -> None:
    prose = "\n".join(f"Paragraph {n} of a long essay." for n in range(20))
    assert turns_of_lines(f"{prose}\nJane: one\nBob: two\nJane: three\nBob: four") == []


def test_timestamped_speakers_may_be_many_if_one_recurs() -> None:
    text = "[00:01] Ann: a\n[00:02] Ben: b\n[00:03] Cat: c\n[00:04] Ann: d"
    assert [t[0] for t in turns_of_lines(text)] == ["Ann", "Ben", "Cat", "Ann"]


def test_turn_offsets_count_code_points_with_emoji() -> None:
    turns = turns_of_lines("Jane: 😀 great\nBob: 👍🏽 yes\nJane: ok\nBob: fine")
    assert turns[1] == ("Bob", None, "Bob: 👍🏽 yes")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1:02:03", 3723.0),
        ("01:02", 62.0),
        ("75:30", 4530.0),
        ("0:0:5.25", 5.25),
        ("00:00:02,399", 2.399),
        ("[00:01:02]", 62.0),
        (" (0:05) ", 5.0),
        ("1:60:00", None),
        ("0:61", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_timestamp(value: str, seconds: float | None) -> None:
    assert parse_timestamp(value) == seconds


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Interviewer", True),
        ("INTERVIEWER", True),
        ("Int", True),
        ("Int.", True),
        ("I", True),
        ("Q", True),
        ("Facilitator", True),
        ("moderator", True),
        ("Researcher", True),
        ("Interviewer 2", True),
        ("Interviewer B", True),
        ("P01", False),
        ("Mode", False),
        ("Q1", False),
        ("Interviewee", False),
    ],
)
def test_is_interviewer_name(name: str, expected: bool) -> None:
    assert is_interviewer_name(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr. Smith", True),
        ("P01", True),
        ("田中", True),
        ("note", False),
        ("Action 2", False),
        ("The main thing is", False),
        ("A very long name that goes well past forty characters", False),
    ],
)
def test_is_speaker_name(name: str, expected: bool) -> None:
    assert is_speaker_name(name) is expected


def test_split_speaker_prefix() -> None:
    assert split_speaker_prefix("Travis: When you first get") == ("Travis", "When you first get")
    assert split_speaker_prefix("almost guaranteed: yes") == (None, "almost guaranteed: yes")
    assert split_speaker_prefix("Note: this") == (None, "Note: this")


def test_a_header_block_above_the_interview_is_not_a_turn() -> None:
    text = "Participant ID: P04\nSite Name: Leeds\n\n" + INTERVIEW
    turns = turns_of_lines(text)
    assert turns[0][2] == "Interviewer: How long have you worked on the ward?"
    assert {turn[0] for turn in turns} == {"Interviewer", "P01"}


def test_a_title_with_a_dash_is_not_a_turn() -> None:
    turns = turns_of_lines("Interview 7 - community nursing\n" + INTERVIEW)
    assert turns[0][2].startswith("Interviewer: How long")


def test_a_speaker_line_with_an_impossible_time_is_still_a_turn_without_a_time() -> None:
    text = "[00:61] Ann: a\n[00:02] Ben: b\n[1:75:00] Ann: c\n[00:04] Ben: d"
    assert [(turn[0], turn[1]) for turn in turns_of_lines(text)] == [
        ("Ann", None),
        ("Ben", 2.0),
        ("Ann", None),
        ("Ben", 4.0),
    ]


def test_fractions_of_a_second_after_a_dot_or_comma_are_kept() -> None:
    text = "Jane Doe (0:05.25): a\nBob (0:09,5): b\nJane Doe (00:10): c\nBob (1:00:01.125): d"
    assert [turn[1] for turn in turns_of_lines(text)] == [5.25, 9.5, 10.0, 3601.125]


def test_a_timestamp_line_before_a_name_colon_line_starts_and_times_the_turn() -> None:
    text = (
        "00:00:05\nJane: Hello.\nStill me.\n00:00:09\nBob: Hi.\n"
        "00:00:12\nJane [00:00:13]: Bye.\n00:00:14\nBob: Bye."
    )
    turns = turns_of_lines(text)
    assert turns[0] == ("Jane", 5.0, "00:00:05\nJane: Hello.\nStill me.")
    # The time written beside the name wins over the one on the line above.
    assert [turn[1] for turn in turns] == [5.0, 9.0, 13.0, 14.0]


def test_long_hyphenated_prose_lines_are_not_turns() -> None:
    sentence = "A long-term, well-meant, step-by-step roll-out - of the new e-records system"
    prose = "\n".join(f"{sentence} on ward {n}, as re-planned; see note-{n}." for n in range(30))
    assert turns_of_lines(prose) == []
