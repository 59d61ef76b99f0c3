"""Citation links, money and the English translation."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.template import Context, Template

from samen.web.templatetags.samen import cite, money

LOCALE = Path(__file__).resolve().parents[2] / "src" / "samen" / "locale"


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("art. 14 lid 3", "art-14-lid-3"),
        ("art. 1 sub g", "art-1-sub-g"),
        ("art. 6", "art-6"),
        ("zie art. 2 lid 1 a-g", "art-2-lid-1"),
    ],
)
def test_every_article_citation_links_to_its_text(text, anchor):
    out = cite(text, "?as_of=2026-11-28")
    assert f'href="/overeenkomst/tekst/?as_of=2026-11-28#{anchor}"' in out


def test_other_laws_and_the_signatures_are_not_linked_and_text_is_escaped():
    assert "<a" not in cite("Algemene termijnenwet art. 1")
    assert "<a" not in cite("Ondertekening")
    out = cite("<b>art. 9 lid 3</b>")
    assert out.startswith("&lt;b&gt;") and "#art-9-lid-3" in out


def test_the_filter_in_a_template():
    out = Template("{% load samen %}{{ t|cite }}").render(Context({"t": "art. 3 lid 3 & art. 11 lid 2"}))
    assert out.count("<a ") == 2 and "&amp;" in out


def test_money_is_shown_the_dutch_way():
    assert money("152182.50") == "€\xa0152.182,50"
    assert money("-5.00") == "-€\xa05,00"


def test_every_string_has_an_english_translation():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").is_file()
