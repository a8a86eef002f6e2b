"""Caption files (.vtt, .srt) become one paragraph per speaker turn, with times."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from workbench.importers.base import ImportFailure, ParsedDocument, ParsedSpan
from workbench.importers.subtitles import parse_srt, parse_vtt

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def turns(document: ParsedDocument) -> list[ParsedSpan]:
    return [span for span in document.spans if span.kind == "turn"]


def assert_one_paragraph_per_turn(document: ParsedDocument) -> None:
    paragraphs = [(s.start, s.end) for s in document.spans if s.kind == "paragraph"]
    assert paragraphs == [(s.start, s.end) for s in turns(document)]
    assert [document.text[s:e] for s, e in paragraphs] == document.text.split("\n")


def test_podcast_srt_inherits_the_speaker_named_on_the_first_cue(samples_dir: Path) -> None:
    data = (samples_dir / "transcripts" / "podcast_buzzsprout_example.srt").read_bytes()
    document = parse_srt(data, "podcast")
    assert document.importer == "srt"
    assert document.speakers == ["Travis", "Sarah", "Gilon"]
    found = turns(document)
    assert [turn.speaker for turn in found] == [
        "Travis", "Sarah", "Travis", "Gilon", "Travis", "Gilon", "Travis", "Sarah", "Gilon",
        "Travis",
    ]  # fmt: skip
    first = document.text[found[0].start : found[0].end]
    assert first.startswith("Travis: When you first get started in podcasting, it's almost")
    assert "\n" not in first
    assert found[0].time_start == pytest.approx(0.179)
    assert found[1].time_start == pytest.approx(53.03)
    assert found[0].time_end == pytest.approx(50.34)  # the end of the last cue before Sarah
    assert_one_paragraph_per_turn(document)


def test_voice_tags_without_closing_tag_and_entities(samples_dir: Path) -> None:
    data = (samples_dir / "transcripts" / "podcast_buzzsprout_example_voice_tags.vtt").read_bytes()
    document = parse_vtt(data, "trailer")
    assert document.speakers == ["Sarah", "Gillian"]
    sarah, gillian = (document.text[s.start : s.end] for s in turns(document))
    assert sarah.startswith("Sarah: In today's episode, you'll learn whether or not you should")
    assert "Podcasting Q&A, where" in sarah
    assert "<v" not in document.text
    assert "&amp;" not in document.text
    assert gillian.endswith("My question is, do we need a podcast trailer?")
    assert [(s.time_start, s.time_end) for s in turns(document)] == [(0.0, 18.63), (19.08, 25.35)]
    assert_one_paragraph_per_turn(document)


def test_teams_vtt_with_unpadded_timestamps_and_overlapping_cues(samples_dir: Path) -> None:
    data = (samples_dir / "transcripts" / "teams_short_timestamps_voice_tags.vtt").read_bytes()
    document = parse_vtt(data, "teams")
    assert document.text == "Yuri Bakulin: There you go.\nAdrian Petrescu: Why hello there, Yuri."
    assert [(s.speaker, s.time_start, s.time_end) for s in turns(document)] == [
        ("Yuri Bakulin", 0.0, 0.57),
        ("Adrian Petrescu", 0.21, 1.13),
    ]


ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Jane Doe: Thanks for joining.

2
00:00:04.500 --> 00:00:06.000
Jane Doe: Shall we start?

3
00:00:06.500 --> 00:00:09.000
Sam Patel: Yes, <b>of course</b> &lt;laughs&gt;

4
00:00:09.000 --> 00:00:12.000
Jane Doe: Great.

5
00:00:12.000 --> 00:00:14.000
Sam Patel: Okay 😀.
"""


def test_zoom_name_prefixes_merge_cues_of_the_same_speaker() -> None:
    document = parse_vtt(ZOOM_VTT.encode(), "zoom")
    assert document.text == (
        "Jane Doe: Thanks for joining. Shall we start?\n"
        "Sam Patel: Yes, of course <laughs>\n"
        "Jane Doe: Great.\n"
        "Sam Patel: Okay 😀."
    )
    assert [(s.speaker, s.time_start, s.time_end) for s in turns(document)] == [
        ("Jane Doe", 1.0, 6.0),
        ("Sam Patel", 6.5, 9.0),
        ("Jane Doe", 9.0, 12.0),
        ("Sam Patel", 12.0, 14.0),
    ]
    assert_one_paragraph_per_turn(document)


def test_windows_line_endings_and_byte_order_mark_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + ZOOM_VTT.replace("\n", "\r\n").encode()
    assert parse_vtt(data, "zoom").text == parse_vtt(ZOOM_VTT.encode(), "zoom").text


def test_voice_tag_with_closing_tag_and_class() -> None:
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Mary>Hello</v>\n\n"
        "00:02.000 --> 00:03.000\n<v Ann>Hi</v>\n"
    )
    document = parse_vtt(vtt.encode(), "x")
    assert document.text == "Mary: Hello\nAnn: Hi"


def test_srt_with_blank_lines_before_the_first_cue_imports() -> None:
    srt = "\n\n1\n00:00:01,000 --> 00:00:02,000\nHello.\n"
    assert parse_srt(srt.encode(), "x").text == "Hello."


def test_captions_without_speakers_are_split_at_pauses() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nHello and welcome.\n\n"
        "2\n00:00:02,000 --> 00:00:03,500\nToday we talk about wards.\n\n"
        "3\n00:00:09,000 --> 00:00:10,000\nAfter a pause.\n"
    )
    document = parse_srt(srt.encode(), "captions")
    assert document.text == "Hello and welcome. Today we talk about wards.\nAfter a pause."
    assert [(s.speaker, s.time_start, s.time_end) for s in turns(document)] == [
        (None, 1.0, 3.5),
        (None, 9.0, 10.0),
    ]


def test_a_lone_label_prefix_is_text_not_a_speaker() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nRemember: wash your hands.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nEvery time.\n"
    )
    document = parse_srt(srt.encode(), "captions")
    assert document.text == "Remember: wash your hands. Every time."
    assert document.speakers == []


@pytest.mark.parametrize(
    ("parse", "data", "reason"),
    [
        (parse_vtt, b"Hello, not captions.", r"^is not a valid WebVTT file: .*WEBVTT header$"),
        (parse_srt, b"Hello, not captions.", r"^is not a valid SRT file: .*numbered cue"),
        (parse_vtt, b"WEBVTT\n\nNOTE only a comment\n", r"^is not a valid WebVTT file: no caption"),
        (parse_vtt, b"", r"^the file contains no text$"),
        (parse_srt, b"  \n", r"^the file contains no text$"),
        (parse_srt, b"\x00\x01\x02\x03binary", r"binary data"),
    ],
)
def test_bad_caption_files_are_refused_with_a_reason(
    parse: Callable[[bytes, str], ParsedDocument], data: bytes, reason: str
) -> None:
    with pytest.raises(ImportFailure, match=reason):
        parse(data, "x")
