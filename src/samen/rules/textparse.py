"""Parse an agreement's plain text into articles and their leden, for citations.

The text comes from a converted document: lines are wrapped, a lid may be split by blank lines,
and numbering is written "1." or "1". A lid is recognised only when its number is the next one
expected in the article, so a line that happens to start with a number (e.g. "14 Twentse
gemeenten") stays inside the current lid. In an article without numbered leden, lettered
paragraphs ("a. Partijen", art. 1) are its leden; inside a numbered lid, letters stay in the lid
(art. 2 lid 1 a-g, art. 7 lid 4 a-h).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ARTICLE = re.compile(r"^\s*Artikel\s+(\d+)\s*(.*?)\s*$")
# A chapter heading ("Hoofdstuk 3 Financiën en verantwoording") ends an article; a reference inside
# a lid ("Hoofdstuk 9 van de CAO-gemeenten") does not: the heading's title starts with a capital.
_END = re.compile(r"^\s*(Hoofdstuk\s+\d+\s+[A-Z]|Ondertekening)")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\.?\s+(\S.*)$")
_LETTERED = re.compile(r"^\s*([a-z])\.\s+(\S.*)$")


@dataclass
class ParsedLid:
    """A lid: its number (or letter) and its text with line wraps joined."""

    number: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _join(self.lines)


@dataclass
class ParsedArticle:
    """An article: number, title, text before the first lid, and its leden."""

    number: str
    title: str
    intro_lines: list[str] = field(default_factory=list)
    leden: list[ParsedLid] = field(default_factory=list)

    @property
    def intro(self) -> str:
        return _join(self.intro_lines)


def _join(lines: list[str]) -> str:
    text = " ".join(line.strip() for line in lines if line.strip())
    return re.sub(r"\s+", " ", text).strip()


def _next_letter(leden: list[ParsedLid]) -> str:
    return chr(ord(leden[-1].number) + 1) if leden else "a"


def parse_agreement_text(text: str) -> list[ParsedArticle]:
    """Articles in the order of the text, each with its leden."""
    articles: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    for line in text.splitlines():
        header = _ARTICLE.match(line)
        if header:
            current = ParsedArticle(number=header.group(1), title=re.sub(r"\s+", " ", header.group(2)))
            articles.append(current)
            continue
        if _END.match(line):
            current = None
            continue
        if current is None:
            continue
        numbered = _NUMBERED.match(line)
        numeric_leden = [lid for lid in current.leden if lid.number.isdigit()]
        expected = str(len(numeric_leden) + 1)
        if numbered and numbered.group(1) == expected and (numeric_leden or not current.leden):
            current.leden.append(ParsedLid(number=expected, lines=[numbered.group(2)]))
            continue
        lettered = _LETTERED.match(line)
        if lettered and not numeric_leden and lettered.group(1) == _next_letter(current.leden):
            current.leden.append(ParsedLid(number=lettered.group(1), lines=[lettered.group(2)]))
            continue
        if current.leden:
            current.leden[-1].lines.append(line)
        else:
            current.intro_lines.append(line)
    return articles
