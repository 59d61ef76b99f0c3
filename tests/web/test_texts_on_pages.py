"""The texts on the pages, in Dutch and in English: proper singular and plural (no "partij(en)", "time(s)"),
numbers in the page's notation (no "0.1" on a Dutch page, no "0,1" on an English one), no cited article
heading that repeats its number ("art. 6 art. 6 Begroting"), and hidden link texts in words.

A crawl from the dashboard as the secretariat (who sees the most), a few pages of each kind; the agreement's
own text (its article pages and quoted leden) is left out: it is what it is ("bij de andere partij(en)").
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from lxml import html as lxml_html
from web_helpers import client_for

START = "/?as_of=2026-11-28"
SKIP_PREFIXES = ("/static/", "/beheer/", "/api/", "/i18n/", "/kalender/", "/uitloggen/", "/overeenkomst/tekst/", "/documenten/")
PER_KIND = 3
BRACKETED_PLURAL = re.compile(r"\b\w+\((en|s|n|e|es)\)")
REPEATED_ARTICLE = re.compile(r"\bart\. (\d+)(?: lid \d+| sub [a-z])?\s+art\. \1\b")
# A decimal number in the other language's notation: "0.1 fte" or "101455.00" on a Dutch page, "0,1 FTE" on an English one.
DECIMAL = {
    "nl": re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])\s*(fte|FTE)|(?<![\d.,])\d{4,}\.\d\d(?![\d.])"),
    "en": re.compile(r"(?<![\d.,])\d+,\d{1,2}\s*(fte|FTE)"),
}
CODE_ONLY = re.compile(r"^[:\s]*(GM\d{4}|PV\d\d|[a-z]+(-[a-z0-9]+)+(\.[a-z0-9-]+)*)\s*$")


def _kind(path: str) -> str:
    parts = [p for p in path.strip("/").split("/") if p]
    if not parts:
        return "/"
    return "/".join([parts[0], *(("x" if any(c.isdigit() for c in p) or "." in p else p) for p in parts[1:])])


def _crawl(client, check) -> int:
    seen, todo, per_kind, pages = {START}, deque([START]), {}, 0
    while todo:
        url = todo.popleft()
        r = client.get(url)
        if r.status_code != 200 or not r["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        doc = lxml_html.fromstring(r.content)
        check(url, doc)
        for href in doc.xpath("//a/@href"):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES) or href.endswith(".pdf"):
                continue
            kind = _kind(parts.path)
            if href in seen or per_kind.get(kind, 0) >= PER_KIND:
                continue
            seen.add(href)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            todo.append(href)
    return pages


@pytest.mark.parametrize("language", ["nl", "en"])
def test_page_texts_have_proper_plurals_numbers_headings_and_link_texts(agreement, language):
    client = client_for("secretariaat")
    if language == "en":
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    problems: list[str] = []

    def check(url: str, doc) -> None:
        main = doc.xpath("//main")[0]
        for left_out in main.xpath(".//blockquote | .//select"):  # the agreement's own words; a list of choices
            left_out.getparent().remove(left_out)
        text = " ".join(main.text_content().split())
        for rx, what in ((BRACKETED_PLURAL, "bracketed plural"), (REPEATED_ARTICLE, "repeated article"), (DECIMAL[language], "number")):
            found = rx.search(text)
            if found:
                problems.append(f"{url}: {what}: ...{text[max(0, found.start() - 60) : found.end() + 20]}...")
        for hidden in main.xpath(".//a//*[contains(concat(' ', @class, ' '), ' samen-visually-hidden ')]"):
            words = " ".join(hidden.text_content().split())
            if CODE_ONLY.match(words):
                problems.append(f"{url}: hidden link text is a code: {words!r}")

    pages = _crawl(client, check)
    assert pages >= 20
    assert problems == [], "\n".join(problems)
