"""What an operation changed, so that views refresh only that (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    documents: frozenset[int] = field(default_factory=frozenset)
    codes: frozenset[int] = field(default_factory=frozenset)
    codings: frozenset[int] = field(default_factory=frozenset)
    cases: frozenset[int] = field(default_factory=frozenset)
    memos: frozenset[int] = field(default_factory=frozenset)
    code_tree: bool = False  # codes added, removed or moved
    attributes: bool = False
    synthesis: bool = False  # NASSS ratings or framework summaries changed

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            documents=self.documents | other.documents,
            codes=self.codes | other.codes,
            codings=self.codings | other.codings,
            cases=self.cases | other.cases,
            memos=self.memos | other.memos,
            code_tree=self.code_tree or other.code_tree,
            attributes=self.attributes or other.attributes,
            synthesis=self.synthesis or other.synthesis,
        )

    @property
    def empty(self) -> bool:
        return self == Changes()
