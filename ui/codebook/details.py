"""A code's keywords and citation for the code editor.

``CodeInfo`` does not carry them yet; until ``workbench.queries.codes.list_codes`` fills
``CodeInfo.keywords`` and ``CodeInfo.citation``, a framework code shows the values of the
template it came from (read once per framework) and a user's own code shows none.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from coding.codebook import CodebookError, load_template, template_keys

if TYPE_CHECKING:
    from workbench.dto import CodeInfo


@cache
def _template_values(framework: str) -> dict[str, tuple[str, str]]:
    """``framework_key -> (keywords, citation)`` of the shipped template for ``framework``."""
    for key in template_keys():
        try:
            template = load_template(key)
        except CodebookError:
            continue
        if template.framework == framework:
            values = {c.key: ("\n".join(c.keywords), c.citation) for c in template.codes}
            values[""] = ("", template.citation)  # the heading that holds the template
            return values
    return {}


def keywords_and_citation(code: CodeInfo) -> tuple[str, str]:
    """The code's keywords (one per line) and citation."""
    keywords = getattr(code, "keywords", None)
    citation = getattr(code, "citation", None)
    if isinstance(keywords, str) and isinstance(citation, str):
        return keywords, citation
    if not code.framework:
        return "", ""
    return _template_values(code.framework).get(code.framework_key, ("", ""))
