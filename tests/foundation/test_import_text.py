"""`samen import-text`: the agreement's text parsed into articles and leden, for citations."""

from __future__ import annotations

import pytest

from samen import cli
from samen.agreements.models import Article, Lid
from samen.core.errors import InvalidInput
from samen.rules.textparse import parse_agreement_text
from tests.conftest import SEED_TEXT

EXPECTED_LEDEN = {
    "1": list("abcdefghij"), "2": ["1", "2"], "3": ["1", "2", "3"], "4": ["1", "2", "3", "4", "5", "6"],
    "5": ["1", "2", "3", "4", "5", "6", "7"], "6": [], "7": ["1", "2", "3", "4"], "8": ["1"], "9": ["1", "2", "3"],
    "10": ["1", "2", "3"], "11": ["1", "2"], "12": ["1", "2"], "13": ["1", "2", "3"], "14": ["1", "2", "3", "4", "5", "6", "7"], "15": [],
}  # fmt: skip


def test_the_seed_text_has_articles_1_to_15_with_their_leden():
    articles = parse_agreement_text(SEED_TEXT.read_text(encoding="utf-8"))
    assert {a.number: [lid.number for lid in a.leden] for a in articles} == EXPECTED_LEDEN


def test_wrapped_lines_stay_in_their_lid_and_letters_inside_a_lid_stay_there():
    articles = {a.number: a for a in parse_agreement_text(SEED_TEXT.read_text(encoding="utf-8"))}
    lid_3_3 = articles["3"].leden[2].text
    assert lid_3_3.startswith("Na uiterlijk twee jaar zal een evaluatie plaatsvinden")
    art_7_4 = articles["7"].leden[3].text
    assert "Een transitievergoeding" in art_7_4 and "onvoorziene oorzaken" in art_7_4
    assert "Besluitvorming vindt plaats in de afzonderlijk 14 Twentse gemeenten" in articles["5"].leden[2].text
    assert articles["6"].intro.startswith("Elk kalenderjaar stelt de gastheerorganisatie een begroting op")
    assert articles["15"].intro.startswith("Deze overeenkomst kan worden aangehaald als")
    assert "Ondertekening" not in articles["15"].intro


def test_import_text_stores_every_article_and_lid(twente, capsys):
    assert cli.main(["import-text", "twente-vth-2024", str(SEED_TEXT)]) == 0
    assert "art. 14" in capsys.readouterr().out
    stored = {a.number: list(a.leden.values_list("number", flat=True)) for a in Article.objects.filter(agreement=twente)}
    assert stored == EXPECTED_LEDEN
    lid = Lid.objects.get(article__agreement=twente, article__number="14", number="3")
    assert lid.text.startswith("Binnen zes weken na de ontvangst van de melding van het geschil")
    # Importing again replaces, it does not duplicate.
    assert cli.main(["import-text", "twente-vth-2024", str(SEED_TEXT)]) == 0
    assert Lid.objects.filter(article__agreement=twente, article__number="14").count() == 7


def test_import_text_without_articles_is_bad_input(twente, tmp_path, capsys):
    empty = tmp_path / "leeg.txt"
    empty.write_text("Geen artikelen hier.\n", encoding="utf-8")
    assert cli.main(["import-text", "twente-vth-2024", str(empty)]) == 2
    assert "text.no-articles" in capsys.readouterr().err
    from samen.agreements.services import import_text

    with pytest.raises(InvalidInput):
        import_text(actor="system:test", agreement=twente, text="")


def test_import_text_of_a_missing_file_names_it(twente, capsys):
    assert cli.main(["import-text", "twente-vth-2024", "/nonexistent/file.txt"]) == 2
    assert "FILE" in capsys.readouterr().err
