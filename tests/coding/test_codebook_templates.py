"""The codebook templates shipped with the app, and the checks that keep them well formed."""

from __future__ import annotations

import re

import pytest

from coding.codebook import (
    COMPLEXITY_LEVELS,
    CodebookError,
    load_template,
    parse_template,
    template_keys,
)

SHIPPED = (
    "nasss",
    "barriers_digital_health",
    "barriers_careers",
    "framework_method",
    "cfir2022",
    "tdf",
    "comb",
)

GOOD = """
[codebook]
key = "mini"
name = "Mini codebook"
framework = "MINI"
description = "Two codes for tests."
citation = "Nobody 2024"

[[codes]]
key = "A"
name = "Access"
definition = "Getting to the service."
citation = "Nobody 2024, p. 1"

[[codes]]
key = "A1"
name = "Transport"
parent = "A"
definition = "Travel to appointments."
citation = "Nobody 2024, p. 2"
colour = "#E69F00"
"""


# ---------------------------------------------------------------- the shipped templates
@pytest.mark.parametrize("key", template_keys())
def test_every_shipped_template_parses_with_a_heading_and_codes(key: str) -> None:
    template = load_template(key)
    assert template.key == key
    assert template.name.strip()
    assert template.framework.strip()
    assert template.description.strip()
    assert template.citation.strip()
    assert template.codes


@pytest.mark.parametrize("key", template_keys())
def test_every_code_has_a_definition_a_citation_and_a_unique_key(key: str) -> None:
    codes = load_template(key).codes
    keys = [code.key for code in codes]
    assert len(set(keys)) == len(keys)
    for code in codes:
        assert code.name.strip(), code.key
        assert len(code.definition.split()) >= 5, code.key
        assert code.citation.strip(), code.key
        assert code.parent in ("", *keys), code.key


def test_nasss_has_the_seven_domains_at_the_top() -> None:
    top = [code.key for code in load_template("nasss").codes if not code.parent]
    assert top == [str(domain) for domain in range(1, 8)]


@pytest.mark.parametrize(("key", "domain"), [("1A", "1"), ("2B", "2"), ("4B", "4"), ("7B", "7")])
def test_nasss_sub_domains_sit_under_their_domain(key: str, domain: str) -> None:
    codes = {code.key: code for code in load_template("nasss").codes}
    assert codes[key].parent == domain


def test_every_nasss_sub_domain_says_what_simple_complicated_and_complex_look_like() -> None:
    sub_domains = [c for c in load_template("nasss").codes if re.fullmatch(r"[1-7][A-Z]", c.key)]
    assert len(sub_domains) >= 19
    for code in sub_domains:
        assert tuple(sorted(code.complexity)) == tuple(sorted(COMPLEXITY_LEVELS)), code.key
        assert all(len(text.split()) >= 4 for text in code.complexity.values()), code.key


def test_an_unknown_template_key_is_refused() -> None:
    with pytest.raises(CodebookError, match=re.escape("no codebook template called “../nasss”")):
        load_template("../nasss")


# ---------------------------------------------------------------- malformed input
def test_a_well_formed_template_parses_into_its_tree() -> None:
    template = parse_template(GOOD, "mini.toml")
    assert [(c.key, c.parent, c.colour) for c in template.codes] == [
        ("A", "", ""),
        ("A1", "A", "#E69F00"),
    ]


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("key = = 1", "not valid TOML"),
        (GOOD.replace("[codebook]", "[book]"), "missing [codebook]"),
        (broken('framework = "MINI"\n', ""), "needs a non-empty 'framework'"),
        (broken('key = "A1"', 'key = "A"'), "code key 'A' is used twice"),
        (broken('parent = "A"', 'parent = "Z"'), "names parent 'Z' before it is defined"),
        (broken('colour = "#E69F00"', 'colour = "orange"'), "bad colour 'orange'"),
        (broken('definition = "Getting to the service."\n', ""), "needs a text 'definition'"),
        (broken('citation = "Nobody 2024, p. 1"\n', ""), "needs a text 'citation'"),
        (GOOD + 'status = "guessed"\n', "unknown status 'guessed'"),
        (GOOD + "keywords = [1, 2]\n", "keywords must be strings"),
        (GOOD + '[codes.complexity]\nchaotic = "x"\n', "bad complexity guidance"),
    ],
)
def test_a_malformed_template_is_refused_naming_the_file(source: str, problem: str) -> None:
    with pytest.raises(CodebookError) as refused:
        parse_template(source, "mini.toml")
    assert str(refused.value).startswith("mini.toml: ")
    assert problem in str(refused.value)


def test_a_child_defined_before_its_parent_is_refused() -> None:
    head, first, second = GOOD.split("[[codes]]")
    with pytest.raises(CodebookError, match=re.escape("mini.toml: code 'A1' names parent 'A'")):
        parse_template(f"{head}[[codes]]{second}[[codes]]{first}", "mini.toml")


# ---------------------------------------------------------------- all templates delivered
def test_all_seven_codebook_templates_ship_with_the_app() -> None:
    missing = set(SHIPPED) - set(template_keys())
    assert not missing, f"codebook templates not yet written: {sorted(missing)}"
