"""A small rule-based English lemmatiser for when no trained pipeline is installed.

Approximate by design: it strips the regular inflections (plural -s/-es/-ies, -ing, -ed) and
undoes the spelling changes they bring (doubled consonants, a dropped silent e, y to i), so
"barriers" -> "barrier", "studies" -> "study", "training" and "trained" -> "train",
"stopped" -> "stop", "making" -> "make". Irregular forms ("was", "children") are left as they
are, and some guesses are wrong ("focusing" -> "focuse"). Search therefore matches on
``base_forms``, every plausible base of a word, rather than on one guess.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")
_KEEP_DOUBLE = frozenset("lsz")  # "falling" -> "fall", "missing" -> "miss", "buzzing" -> "buzz"
_SIBILANT_ES = ("sses", "xes", "zes", "ches", "shes")
_NOT_PLURAL = ("ss", "us", "is")  # "process", "status", "analysis"
_E_AFTER = ("v", "c", "dg", "ag", "eg", "ug", "iz", "yz")  # "having", "reducing", "managing"


def lemma(word: str) -> str:
    """The most likely base form of ``word``, lower-cased (see the module note on accuracy)."""
    forms = _candidates(word.lower())
    return forms[0] if forms else word.lower()


def base_forms(word: str) -> frozenset[str]:
    """``word`` lower-cased plus every base form it could plausibly be an inflection of."""
    lowered = word.lower()
    return frozenset([lowered, *_candidates(lowered)])


def _candidates(word: str) -> list[str]:
    """Possible base forms of a lower-case ``word``, best guess first; empty if none apply."""
    if not word.isalpha() or len(word) < 4:
        return []
    if word.endswith("s"):
        return _noun_stems(word)
    if word.endswith("ied") and len(word) > 4:
        return [word[:-3] + "y"]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            return _verb_stems(word[: -len(suffix)])
    return []


def _noun_stems(word: str) -> list[str]:
    """Singulars of a word ending in s ("studies", "boxes", "barriers"), best guess first."""
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]
    if word.endswith("es"):
        stripped = [word[:-2], word[:-1]]  # "boxes" -> "box", "nurses" -> "nurse"
        return stripped if word.endswith(_SIBILANT_ES) else stripped[::-1]
    return [] if word.endswith(_NOT_PLURAL) else [word[:-1]]


def _verb_stems(stem: str) -> list[str]:
    """Base forms of a verb whose -ing or -ed ending has been cut off, best guess first."""
    if len(stem) < 2 or not _VOWELS & set(stem[:-1] or stem):
        return []  # "thing", "bring", "red": not an inflection
    last = stem[-1]
    if len(stem) > 2 and last == stem[-2] and last not in _VOWELS and last not in _KEEP_DOUBLE:
        return [stem[:-1], stem]  # "stopped" -> "stop"
    with_e = stem + "e"
    if stem.endswith(_E_AFTER) or _short_syllable(stem):
        return [with_e, stem]  # "making" -> "make", but keep "mak" too
    return [stem, with_e]  # "trained" -> "train" ("traine" is harmless)


def _short_syllable(stem: str) -> bool:
    """One vowel group ending consonant-vowel-consonant ("mak", "hop"): a dropped silent e."""
    if len(stem) < 3 or stem[-1] in _VOWELS or stem[-1] in "wxy":
        return False
    if stem[-2] not in _VOWELS or stem[-3] in _VOWELS:
        return False
    return not _VOWELS & set(stem[:-3])
