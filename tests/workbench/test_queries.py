"""Read queries over a small coded study: segments, matrices, lists, finding codes, search.

The study is built through the real import service and real operations: two interviews (P01,
P02) and site notes linked to the case "Site A", coded by two coders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import (
    WARD_INTERVIEW,
    apply_coding,
    import_text,
    import_texts,
    new_code,
    span_of,
)
from workbench.errors import OperationError
from workbench.ops.cases import CreateAttribute, CreateCase, LinkDocumentToCase, SetCaseValue
from workbench.ops.memos import CreateMemo
from workbench.project import Coder
from workbench.queries.codes import find_codes, list_codes
from workbench.queries.codings import document_codings
from workbench.queries.documents import list_cases, list_documents, list_memos
from workbench.queries.search import CONTEXT_CHARS, search
from workbench.queries.segments import code_case_matrix, code_cooccurrence, frequencies, segments

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

HOME = (
    "Interviewer: Who sends the readings?\n"
    "P02: My daughter sends the readings; she works towards the wards at night.\n"
)
NOTES = "Site visit notes\n\nThe ward has no spare chargers for the Tablets.\n"
TEXTS = {"ward_interview": WARD_INTERVIEW, "home_visit": HOME, "site_notes": NOTES}


@dataclass
class Study:
    project: Project
    docs: dict[str, int]
    codes: dict[str, int]
    ben: int

    def code(self, doc: str, code: str, phrase: str, coder: int | None = None) -> None:
        span = span_of(TEXTS[doc], phrase)
        apply_coding(self.project, self.docs[doc], self.codes[code], span, coder)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    docs = import_texts(project, tmp_path, TEXTS)
    site = CreateCase(name="Site A")
    project.execute(site)
    assert site.case_id is not None
    project.execute(LinkDocumentToCase(case_id=site.case_id, document_id=docs["site_notes"]))
    barriers = new_code(project, "Barriers")
    codes = {
        "Barriers": barriers,
        "Training": new_code(project, "Training", barriers),
        "Infrastructure": new_code(project, "Infrastructure", barriers),
        "Family": new_code(project, "Family"),
    }
    with project.transaction() as session:
        ben = project.user_for(session, Coder("Ben Coder", "BC"))
    built = Study(project, docs, codes, ben)
    built.code("ward_interview", "Training", "nobody trained us on the portal")
    built.code("ward_interview", "Infrastructure", "the portal")
    built.code("ward_interview", "Infrastructure", "the wifi drops")
    built.code("site_notes", "Infrastructure", "no spare chargers")
    built.code("home_visit", "Family", "My daughter sends the readings")
    built.code("ward_interview", "Training", "tablets arrived late", coder=ben)
    return built


# ---------------------------------------------------------------- segments
def test_segment_text_is_exactly_the_coded_slice_of_the_document(study: Study) -> None:
    found = segments(study.project, list(study.codes.values()))
    assert found
    for segment in found:
        text = study.project.document_text(segment.document_id)
        assert segment.text == text[segment.start : segment.end]
        assert segment.document_name in TEXTS


def test_a_segment_knows_its_speaker_case_paragraph_and_coder(study: Study) -> None:
    infra = segments(study.project, [study.codes["Infrastructure"]])
    placed = [(s.text, s.speaker, s.case, s.paragraph, s.coder) for s in infra]
    assert placed == [
        ("the portal", "P01", "P01", 2, "Ana Researcher"),
        ("the wifi drops", "P01", "P01", 3, "Ana Researcher"),
        ("no spare chargers", None, "Site A", 2, "Ana Researcher"),
    ]


def test_segments_of_an_interviewer_turn_have_no_case(study: Study) -> None:
    study.code("ward_interview", "Family", "How did the rollout")
    found = [s for s in segments(study.project, [study.codes["Family"]]) if s.speaker]
    assert [(s.document_name, s.speaker, s.case, s.paragraph) for s in found] == [
        ("ward_interview", "Interviewer", None, 1),
        ("home_visit", "P02", "P02", 2),
    ]


def test_segments_are_filtered_by_document_and_by_coder(study: Study) -> None:
    training = [study.codes["Training"]]
    by_ben = segments(study.project, training, coder_ids=[study.ben])
    assert [(s.text, s.coder) for s in by_ben] == [("tablets arrived late", "Ben Coder")]
    in_notes = segments(
        study.project, list(study.codes.values()), document_ids=[study.docs["site_notes"]]
    )
    assert [s.text for s in in_notes] == ["no spare chargers"]


# ---------------------------------------------------------------- analyses
def test_the_code_by_case_matrix_counts_codings_per_case(study: Study) -> None:
    codes = study.codes
    assert code_case_matrix(study.project) == {
        (codes["Training"], "P01"): 2,
        (codes["Infrastructure"], "P01"): 2,
        (codes["Infrastructure"], "Site A"): 1,
        (codes["Family"], "P02"): 1,
    }


def test_cooccurrence_counts_overlapping_codings_of_different_codes(study: Study) -> None:
    training, infra = study.codes["Training"], study.codes["Infrastructure"]
    assert code_cooccurrence(study.project) == {(min(training, infra), max(training, infra)): 1}


def test_frequencies_count_codings_by_code_document_and_case(study: Study) -> None:
    assert frequencies(study.project) == {
        "code": {"Barriers/Training": 2, "Barriers/Infrastructure": 3, "Family": 1},
        "document": {"ward_interview": 4, "site_notes": 1, "home_visit": 1},
        "case": {"P01": 4, "Site A": 1, "P02": 1},
    }


def test_frequencies_count_codes_of_the_same_name_under_two_parents_apart(study: Study) -> None:
    study.codes["Family/Training"] = new_code(study.project, "Training", study.codes["Family"])
    study.code("home_visit", "Family/Training", "she works towards")
    counted = frequencies(study.project)["code"]
    assert (counted["Barriers/Training"], counted["Family/Training"]) == (2, 1)


def test_frequencies_put_uncased_passages_under_no_case(study: Study) -> None:
    study.code("home_visit", "Family", "Who sends the readings?")
    assert frequencies(study.project)["case"]["(no case)"] == 1


# ---------------------------------------------------------------- documents, codes, cases, memos
def test_documents_are_listed_by_name_with_words_speakers_turns_and_codings(study: Study) -> None:
    listed = [
        (d.name, d.kind, d.words, d.speakers, d.turns, d.codings)
        for d in list_documents(study.project)
    ]
    assert listed == [
        ("home_visit", "transcript", len(HOME.split()), ("Interviewer", "P02"), 2, 1),
        ("site_notes", "notes", len(NOTES.split()), (), 0, 1),
        ("ward_interview", "transcript", len(WARD_INTERVIEW.split()), ("Interviewer", "P01"), 3, 4),
    ]


def test_codes_are_listed_in_tree_order_with_coding_and_document_counts(study: Study) -> None:
    new_code(study.project, "Cost", study.codes["Barriers"])
    listed = [(c.name, c.codings, c.documents) for c in list_codes(study.project)]
    assert listed == [
        ("Barriers", 0, 0),
        ("Training", 2, 1),
        ("Infrastructure", 3, 2),
        ("Cost", 0, 0),
        ("Family", 1, 1),
    ]


def test_codes_are_found_by_name_path_or_framework_key(study: Study) -> None:
    project = study.project
    second = new_code(project, "Training", study.codes["Family"])
    new_code(project, "Patients", framework="NASSS", framework_key="4B")
    assert [c.id for c in find_codes(project, " TRAINING ")] == [study.codes["Training"], second]
    assert [c.id for c in find_codes(project, "family/training")] == [second]
    assert [c.name for c in find_codes(project, "NASSS:4B")] == ["Patients"]
    assert [c.name for c in find_codes(project, "nasss:4b")] == ["Patients"]
    assert find_codes(project, "NASSS:9Z") == []
    assert find_codes(project, "Nothing like this") == []


def test_cases_are_listed_with_their_values_and_documents(study: Study) -> None:
    project = study.project
    role = CreateAttribute(name="Role")
    project.execute(role)
    p01 = next(c.id for c in list_cases(project) if c.name == "P01")
    assert role.attribute_id is not None
    project.execute(SetCaseValue(case_id=p01, attribute_id=role.attribute_id, value="Nurse"))
    listed = [(c.name, c.attributes, c.documents) for c in list_cases(project)]
    assert listed == [
        ("P01", {"Role": "Nurse"}, (study.docs["ward_interview"],)),
        ("P02", {}, (study.docs["home_visit"],)),
        ("Site A", {}, (study.docs["site_notes"],)),
    ]


def test_memos_are_listed_by_kind_and_target_with_their_author(study: Study) -> None:
    project = study.project
    family = study.codes["Family"]
    project.execute(CreateMemo(kind="journal", title="Day 1", author_id=project.user_id))
    project.execute(CreateMemo(kind="code", title="Proxy use", target_id=family))
    project.execute(CreateMemo(kind="code", title="Gaps", target_id=study.codes["Training"]))
    assert [(m.title, m.author) for m in list_memos(project)] == [
        ("Day 1", "Ana Researcher"),
        ("Proxy use", None),
        ("Gaps", None),
    ]
    assert [m.title for m in list_memos(project, kind="code")] == ["Proxy use", "Gaps"]
    assert [m.title for m in list_memos(project, kind="code", target_id=family)] == ["Proxy use"]


# ---------------------------------------------------------------- search
def hits(
    study: Study,
    pattern: str,
    *,
    regex: bool = False,
    case_sensitive: bool = False,
    whole_words: bool = False,
) -> list[tuple[str, str]]:
    found = search(
        study.project, pattern, regex=regex, case_sensitive=case_sensitive, whole_words=whole_words
    )
    return [(h.document_name, h.match) for h in found]


def test_search_ignores_case_and_lists_hits_in_document_name_order(study: Study) -> None:
    assert hits(study, "tablets") == [
        ("site_notes", "Tablets"),
        ("ward_interview", "tablets"),
        ("ward_interview", "tablets"),
    ]


def test_search_can_match_case(study: Study) -> None:
    assert hits(study, "Tablets", case_sensitive=True) == [("site_notes", "Tablets")]


def test_whole_word_search_skips_longer_words(study: Study) -> None:
    assert hits(study, "ward") == [
        ("home_visit", "ward"),
        ("home_visit", "ward"),
        ("site_notes", "ward"),
        ("ward_interview", "ward"),
    ]
    assert hits(study, "ward", whole_words=True) == [
        ("site_notes", "ward"),
        ("ward_interview", "ward"),
    ]


def test_search_treats_special_characters_literally_unless_asked_for_a_regex(
    study: Study,
) -> None:
    assert hits(study, "readings?") == [("home_visit", "readings?")]
    assert hits(study, r"read\w+s", regex=True) == [
        ("home_visit", "readings"),
        ("home_visit", "readings"),
    ]
    assert hits(study, "wifi|portal", regex=True, whole_words=True) == [
        ("ward_interview", "portal"),
        ("ward_interview", "wifi"),
    ]


@pytest.mark.parametrize("pattern", ["(unclosed", "[a-", "*"])
def test_an_invalid_regular_expression_is_a_clear_error(study: Study, pattern: str) -> None:
    with pytest.raises(OperationError, match="is not a valid regular expression"):
        search(study.project, pattern, regex=True)


def test_an_empty_search_asks_for_something_to_search(study: Study) -> None:
    with pytest.raises(OperationError, match="Type something"):
        search(study.project, "")


def test_a_hit_carries_the_words_before_and_after_it(study: Study) -> None:
    (hit,) = search(study.project, "daughter")
    text = study.project.document_text(hit.document_id)
    assert text[hit.start : hit.end] == hit.match == "daughter"
    assert hit.before.endswith("P02: My ")
    assert hit.after.startswith(" sends the readings;")
    assert hit.before + hit.match + hit.after in text
    (wifi,) = search(study.project, "wifi")
    assert len(wifi.before) == CONTEXT_CHARS
    assert wifi.after.rstrip() == " drops."


def test_search_can_be_limited_to_some_documents(study: Study) -> None:
    limited = search(study.project, "tablets", document_ids=[study.docs["site_notes"]])
    assert [h.document_name for h in limited] == ["site_notes"]


def test_document_codings_give_range_code_colour_and_coder_without_text(
    project: Project, tmp_path: Path
) -> None:

    document = import_text(project, tmp_path, "visit.txt", "P01: The wifi dropped again.\n")
    code = new_code(project, "Connectivity", colour="#D55E00")
    apply_coding(project, document, code, (9, 13))
    [coding] = document_codings(project, document)
    assert (coding.code_name, coding.colour, coding.start, coding.end) == (
        "Connectivity", "#D55E00", 9, 13,
    )  # fmt: skip
    assert coding.coder == "Ana Researcher"
