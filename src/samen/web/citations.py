"""Article citations ("art. 14 lid 3", "art. 1 sub g") and where their text is on the text page."""

from __future__ import annotations

import re

from django.urls import reverse

# A citation of this agreement in the fixed form of samen.rules.explain. "Algemene termijnenwet
# art. 1" cites another law, so a citation directly after "termijnenwet " is not linked.
CITATION = re.compile(r"(?<!termijnenwet )\bart\. (?P<article>\d+)(?: (?P<kind>lid|sub) (?P<lid>\d+|[a-z])\b)?")


def anchor(article: str, lid: str | None = None) -> str:
    """The id of an article or lid on the text page: art-14, art-14-lid-3, art-1-sub-g."""
    if not lid:
        return f"art-{article}"
    return f"art-{article}-sub-{lid}" if lid.isalpha() else f"art-{article}-lid-{lid}"


def parse(citation: str) -> tuple[str, str | None] | None:
    """(article, lid) of a citation in the fixed form, or None when it cites no article of the agreement."""
    m = CITATION.fullmatch(citation.strip())
    if m is None:
        return None
    return m.group("article"), m.group("lid")


def text_url(citation: str, query: str = "") -> str | None:
    """The address of a citation's text on the agreement text page, or None."""
    parsed = parse(citation)
    if parsed is None:
        return None
    return f"{reverse('web:agreement_text')}{query}#{anchor(*parsed)}"
