"""Plain text and Markdown files import as written, with paragraphs, headings and turns."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.plain_text import parse_md, parse_txt

if TYPE_CHECKING:
    from pathlib import Path

TRANSCRIPT = (
    "Interview 7 - community nursing\n"
    "\n"
    "Interviewer: Could you describe a normal day?\n"
    "P07: I start at eight, check the list 😀 and go.\n"
    "It\u2019s a lot of driving.\n"
    "Interviewer: And the app?\n"
    "P07: It crashes at the worst moments.\n"
)


def spans_of(document: ParsedDocument, kind: str) -> list[str]:
    return [document.text[s.start : s.end] for s in document.spans if s.kind == kind]


def test_each_non_blank_line_is_a_paragraph_and_blank_lines_stay() -> None:
    document = parse_txt(TRANSCRIPT.encode(), "interview 7")
    assert document.name == "interview 7"
    assert document.importer == "txt"
    assert document.text == TRANSCRIPT
    assert spans_of(document, "paragraph") == [line for line in TRANSCRIPT.split("\n") if line]


def test_transcript_lines_become_speaker_turns() -> None:
    document = parse_txt(TRANSCRIPT.encode(), "interview 7")
    assert document.kind == "transcript"
    assert document.speakers == ["Interviewer", "P07"]
    assert spans_of(document, "turn") == [
        "Interviewer: Could you describe a normal day?",
        "P07: I start at eight, check the list 😀 and go.\nIt\u2019s a lot of driving.",
        "Interviewer: And the app?",
        "P07: It crashes at the worst moments.",
    ]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_give_the_same_offsets(ending: str) -> None:
    data = TRANSCRIPT.replace("\n", ending).encode("utf-8")
    unix = parse_txt(TRANSCRIPT.encode(), "x")
    document = parse_txt(data, "x")
    assert document.text == TRANSCRIPT
    assert document.spans == unix.spans


def test_utf16_file_from_windows_notepad_imports() -> None:
    document = parse_txt(TRANSCRIPT.replace("\n", "\r\n").encode("utf-16"), "x")
    assert document.text == TRANSCRIPT
    assert document.speakers == ["Interviewer", "P07"]


def test_workshop_notes_are_notes_not_a_transcript() -> None:
    notes = "Workshop 3\nNote: slides\nAction: Sam\nAim: agree themes\nAction: Priya\nNote: lunch"
    document = parse_txt(notes.encode(), "workshop")
    assert document.kind == "notes"
    assert spans_of(document, "turn") == []


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFailure, match=r"^the file contains no text$"):
        parse_txt(data, "x")


def test_real_empty_file_is_refused(samples_dir: Path) -> None:
    data = (samples_dir / "edge" / "empty_0_bytes.txt").read_bytes()
    with pytest.raises(ImportFailure, match=r"^the file contains no text$"):
        parse_txt(data, "empty_0_bytes")


def test_binary_file_is_refused() -> None:
    with pytest.raises(ImportFailure, match="binary data"):
        parse_txt(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture")


def test_control_characters_are_replaced_without_shifting_text() -> None:
    document = parse_txt(b"Jane: a\x07b\nBob: c\x0cd", "x")
    assert document.text == "Jane: a\ufffdb\nBob: c\nd"


MARKDOWN = """# Interview 2

## Part one
Interviewer: Hello.
P02: Hi.
Interviewer: Ready?
P02: Yes.

```
# not a heading inside code
```
###### Deep
#hashtag is not a heading
"""


def test_markdown_headings_are_spans_labelled_with_their_level() -> None:
    document = parse_md(MARKDOWN.encode(), "notes")
    assert document.text == MARKDOWN
    assert document.importer == "md"
    headings = [
        (document.text[s.start : s.end], s.label) for s in document.spans if s.kind == "heading"
    ]
    assert headings == [("# Interview 2", "1"), ("## Part one", "2"), ("###### Deep", "6")]


def test_markdown_transcript_turns_are_detected_and_end_at_a_heading() -> None:
    document = parse_md(MARKDOWN.encode(), "notes")
    turns = spans_of(document, "turn")
    assert turns[0] == "Interviewer: Hello."
    assert turns[-1] == "P02: Yes.\n\n```\n# not a heading inside code\n```"


def test_empty_markdown_is_refused() -> None:
    with pytest.raises(ImportFailure, match=r"^the file contains no text$"):
        parse_md(b"\n\n", "x")


@given(st.text())
def test_every_span_lies_within_the_text_and_turns_never_overlap(text: str) -> None:
    try:
        document = parse_txt(text.encode("utf-8", "surrogatepass"), "x")
    except ImportFailure:
        return
    for span in document.spans:
        assert 0 <= span.start < span.end <= len(document.text)
    turns = sorted((s.start, s.end) for s in document.spans if s.kind == "turn")
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(turns))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Interviewer", "P01", "Dr. Ng", "Zoë"]),
            st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30),
        ),
        min_size=4,
        max_size=12,
    )
)
def test_generated_transcripts_keep_each_turn_text_intact(lines: list[tuple[str, str]]) -> None:
    source = "\n".join(f"{name}: {said}" for name, said in lines)
    document = parse_txt(source.encode(), "x")
    for span in document.spans:
        if span.kind == "turn":
            assert document.text[span.start : span.end].startswith(f"{span.speaker}: ")
