"""The what-if sandbox: hypothetical facts beside the recorded ones, compared side by side; nothing saved."""

from __future__ import annotations

import pytest

from samen.audit.models import AuditEntry
from samen.records.models import RecordedFact

URL = "/wat-als/?as_of=2026-11-28"


def _counts():
    return RecordedFact.objects.count(), AuditEntry.objects.count()


def test_the_sandbox_offers_a_form_for_the_chosen_fact_type(secretariat):
    page = secretariat.get(URL).content.decode()
    assert 'name="feit-dispute"' in page and 'name="feit-against"' in page  # dispute-notified first
    page = secretariat.post(URL, {"soort": "cost-per-fte", "action": "choose", "facts": ""}).content.decode()
    assert 'name="feit-year"' in page and 'name="feit-amount"' in page and 'name="feit-dispute"' not in page


def test_an_evaluation_makes_the_overdue_finding_go_away_and_nothing_is_saved(secretariat):
    before = _counts()
    r = secretariat.post(URL, {"soort": "evaluation-completed", "action": "add", "feit-date": "2026-10-15", "facts": ""})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Wat verandert" in page
    assert "De evaluatie had uiterlijk op 1 november 2026 moeten plaatsvinden en is niet vastgelegd" in page
    assert "vervalt" in page
    assert "&quot;evaluation-completed&quot;" in page  # now listed in the JSON textarea
    assert _counts() == before


def test_a_dispute_against_the_chairs_party_goes_straight_to_mediation(secretariat):
    data = {"soort": "dispute-notified", "action": "add", "feit-dispute": "G-1", "feit-by": "GM0164", "feit-against": ["GM0153"]}
    page = secretariat.post(URL, {**data, "feit-date": "2026-10-20", "facts": ""}).content.decode()
    assert "Geschil G-1" in page and "mediation nog niet gestart" in page and "nieuw" in page


def test_a_withdrawal_changes_deadlines_side_by_side_via_json(secretariat):
    facts = (
        '[{"fact": "withdrawal-notified", "party": "GM0168", "date": "2026-06-01"},'
        ' {"fact": "withdrawal-consented", "party": "GM0168", "date": "2026-09-10"}]'
    )
    page = secretariat.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "Uittreding Losser: Datum uittreding" in page
    assert "10 september 2028" in page


def test_field_errors_of_the_fact_form_are_summarised_and_linked(secretariat):
    r = secretariat.post(
        URL, {"soort": "dispute-notified", "action": "add", "feit-dispute": "G 1!", "feit-by": "", "feit-date": "", "facts": ""}
    )
    page = r.content.decode()
    assert r.status_code == 400
    assert 'id="error-summary"' in page
    assert 'href="#id_feit-dispute"' in page and "Gebruik alleen letters, cijfers, punt en streepje." in page
    assert 'href="#id_feit-by"' in page and 'href="#id_feit-against_0"' in page and 'href="#id_feit-date"' in page
    assert 'aria-invalid="true"' in page


def test_the_rules_parser_has_the_last_word_on_a_fact(secretariat):
    data = {"soort": "dispute-notified", "action": "add", "feit-dispute": "G-1", "feit-by": "GM0164", "feit-against": ["GM0164"]}
    page = secretariat.post(URL, {**data, "feit-date": "2026-10-20", "facts": ""}).content.decode()
    assert "geen geschil met zichzelf" in page


def test_json_errors_name_the_fact_and_field(secretariat):
    page = secretariat.post(URL, {"action": "compare", "facts": "[{"}).content.decode()
    assert "Dit is geen geldige JSON (regel 1, kolom 3)" in page
    page = secretariat.post(
        URL, {"action": "compare", "facts": '[{"fact": "signed", "party": "GM9999", "date": "2026-13-01"}]'}
    ).content.decode()
    assert "facts[0].party" in page and "facts[0].date" in page
    page = secretariat.post(URL, {"action": "compare", "facts": '{"fact": "evaluation-completed"}'}).content.decode()
    assert "facts[0].date" in page
    page = secretariat.post(URL, {"action": "compare", "facts": '"hallo"'}).content.decode()
    assert "Verwacht een lijst van feiten" in page


def test_a_whole_scenario_document_is_accepted(secretariat):
    doc = '{"as_of": "2026-11-28", "facts": [{"fact": "evaluation-completed", "date": "2026-10-15"}]}'
    page = secretariat.post(URL, {"action": "compare", "facts": doc}).content.decode()
    assert "Wat verandert" in page and "vervalt" in page


def test_clear_empties_the_sandbox(secretariat):
    r = secretariat.post(URL, {"action": "clear", "facts": '[{"fact": "evaluation-completed", "date": "2026-10-15"}]'})
    page = r.content.decode()
    assert 'id="id_facts">\n</textarea>' in page
    assert "Er zijn geen hypothetische feiten om te vergelijken." in page


def test_a_representative_sees_no_other_partys_amounts_in_the_sandbox(agreement, login):
    facts = '[{"fact": "capacity-not-supplied", "party": "GM0153", "year": 2026}]'
    page = login("hengelo").post(URL, {"action": "compare", "facts": facts}).content.decode()
    result = page.split('id="h-result"')[1]
    assert "Enschede" not in result and "GM0153" not in result.split("<textarea")[0]
    assert "0 conclusies veranderen" in result


def test_every_fact_type_of_the_rules_has_a_form(secretariat):
    from samen.rules.facts import FACT_TYPES

    for kind, cls in FACT_TYPES.items():
        page = secretariat.post(URL, {"soort": kind, "action": "choose", "facts": ""}).content.decode()
        for name, _typ, _required in cls.FIELDS:
            assert f'name="feit-{name}"' in page, (kind, name)


def test_a_representative_sees_their_own_hypothetical_dispute_but_no_recorded_one_they_are_not_party_to(agreement, login):
    from samen.records.services import record_fact

    record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0147"], "date": "2026-11-02"},
    )
    hengelo = login("hengelo")  # GM0164, not a party to G-1
    # A hypothetical dispute between two other parties is theirs to see, even under the recorded one's ref.
    facts = '[{"fact": "dispute-notified", "dispute": "G-1", "by": "GM0168", "against": ["GM0173"], "date": "2026-11-20"}]'
    page = hengelo.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "Geschil G-1" in page and "nieuw" in page
    assert "1 januari 2027" in page  # its chair phase: six weeks after 20 November 2026
    assert "14 december 2026" not in page  # the recorded G-1's chair phase stays hidden
    # Facts about the hidden dispute change nothing they can see.
    facts = '[{"fact": "mediation-started", "dispute": "G-1", "date": "2026-11-20"}]'
    page = hengelo.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "Geschil G-1" not in page


def test_a_hypothetical_evaluation_turns_the_overdue_deadline_into_met(secretariat):
    r = secretariat.post(URL, {"soort": "evaluation-completed", "action": "add", "feit-date": "2026-10-15", "facts": ""})
    page = r.content.decode()
    assert "1 november 2026 (over tijd)" in page and "1 november 2026 (gehaald)" in page


AMENDMENT = {"soort": "amendment-requested", "action": "add", "feit-amendment": "W-1", "feit-by": "GM0164", "feit-date": "2026-06-01"}


def test_an_amendment_takes_parameters_as_key_value_lines_with_the_keys_explained(secretariat):
    page = secretariat.post(URL, {"soort": "amendment-requested", "action": "choose", "facts": ""}).content.decode()
    assert '<textarea name="feit-parameters"' in page
    assert 'name="feit-effective_date"' in page and 'type="date"' in page
    assert "withdrawal.notice_months (24 maanden, art. 9 lid 3)" in page  # the keys, with the agreement's value
    data = {
        **AMENDMENT,
        "feit-effective_date": "2026-07-01",
        "feit-parameters": "withdrawal.notice_months = 12\r\n\r\ncapacity.contribution_amount=12000,5\r\n",
        "facts": "",
    }
    r = secretariat.post(URL, data)
    page = r.content.decode()
    assert r.status_code == 200, page
    assert (
        "&quot;effective_date&quot;: &quot;2026-07-01&quot;, &quot;parameters&quot;: "
        "{&quot;withdrawal.notice_months&quot;: 12, &quot;capacity.contribution_amount&quot;: &quot;12000.50&quot;}"
    ) in page
    assert "Wijziging W-1" in page  # compared: a pending amendment


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("notice = 12", "Regel 1: onbekende parameter notice; kies uit"),
        ("withdrawal.notice_months = twaalf", "Regel 1: withdrawal.notice_months moet een positief geheel getal zijn (maanden)"),
        ("withdrawal.notice_months = 0", "Regel 1: withdrawal.notice_months moet een positief geheel getal zijn"),
        ("capacity.contribution_amount = 12.000,00", "Regel 1: capacity.contribution_amount moet een bedrag in euro zijn"),
        ("contribution.fte_per_party = een tiende", "Regel 1: contribution.fte_per_party moet een getal zijn (fte), bijvoorbeeld 0,1"),
        ("withdrawal.notice_months 12", "Regel 1: schrijf sleutel = waarde"),
        ("withdrawal.notice_months = 12\nwithdrawal.notice_months = 6", "Regel 2: withdrawal.notice_months staat er al eerder."),
    ],
)
def test_bad_parameter_lines_are_field_errors_naming_the_line(secretariat, lines, message):
    r = secretariat.post(URL, {**AMENDMENT, "feit-parameters": lines, "facts": ""})
    page = r.content.decode()
    assert r.status_code == 400
    assert message in page
    assert 'href="#id_feit-parameters"' in page  # in the error summary, linked to the field
    assert 'aria-describedby="id_feit-parameters-error id_feit-parameters-help"' in page


def test_the_rules_have_the_last_word_on_the_effective_date(secretariat):
    r = secretariat.post(
        URL, {**AMENDMENT, "feit-effective_date": "2024-01-01", "feit-parameters": "withdrawal.notice_months = 12", "facts": ""}
    )
    page = r.content.decode()
    assert r.status_code == 400
    assert 'href="#id_feit-effective_date"' in page and "een wijziging kan niet ingaan vóór de start van de overeenkomst" in page


def test_the_extra_cost_categories_follow_the_page_language(secretariat):
    """Art. 7 lid 4 a-h: the agreement's own Dutch wording, or its English title on English pages."""
    dutch = secretariat.post(URL, {"soort": "extra-cost", "action": "choose", "facts": ""}).content.decode()
    assert "Transitievergoeding" in dutch
    secretariat.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = secretariat.post(URL, {"soort": "extra-cost", "action": "choose", "facts": ""}).content.decode()
    assert "Transitievergoeding" not in english
    assert "ransition" in english


def test_a_hypothetical_fact_about_an_unknown_dispute_is_an_error_not_a_silent_no_op(secretariat):
    facts = '[{"fact": "mediation-started", "dispute": "ZZ-404", "date": "2027-01-05"}]'
    page = secretariat.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "ZZ-404" in page and "niet gemeld" in page
    assert "Wat verandert" not in page


def test_a_hypothetical_fact_replaces_the_recorded_one_it_repeats(secretariat):
    """What if the cost per FTE for 2026 (recorded: 101455.00, an example figure) were 120000.00?"""
    facts = '[{"fact": "cost-per-fte", "year": 2026, "amount": "120000.00"}]'
    page = secretariat.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "Wat verandert" in page
    assert "€\xa010.145,50" in page and "€\xa012.000,00" in page
    assert RecordedFact.objects.filter(kind="cost-per-fte", payload__year=2026).get().payload["amount"] == "101455.00"


def test_input_errors_of_hypothetical_facts_follow_the_page_language(secretariat):
    """Issue 9: the rules' input errors are English on English pages, Dutch otherwise."""
    facts = '[{"fact": "signed", "party": "GM0153", "date": "2024-13-01"}]'
    dutch = secretariat.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "is geen bestaande datum" in dutch
    secretariat.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = secretariat.post(URL, {"action": "compare", "facts": facts}).content.decode()
    assert "is not an existing date" in english and "is geen bestaande datum" not in english
    page = secretariat.post(
        URL, {"soort": "mediation-started", "action": "add", "feit-dispute": "ZZ-404", "feit-date": "2027-01-05", "facts": ""}
    ).content.decode()
    assert "was not notified" in page


def test_the_release_decision_form_takes_years_and_kinds(secretariat):
    """Issue 9 (art. 9 lid 2): the release decision names the years and the contributions it releases."""
    data = {
        "soort": "withdrawal-obligation-waived",
        "action": "add",
        "feit-party": "GM0168",
        "feit-date": "2026-11-10",
        "feit-years": "2027, 2026",
        "feit-kinds": ["annual-contribution"],
        "facts": "",
    }
    page = secretariat.post(URL, data).content.decode()
    assert "&quot;years&quot;: [2027, 2026]" in page or "&quot;years&quot;: [2026, 2027]" in page
    assert "&quot;kinds&quot;: [&quot;annual-contribution&quot;]" in page
    bad = secretariat.post(URL, {**data, "feit-years": "volgend jaar"})
    assert bad.status_code == 400 and "Vul jaartallen in" in bad.content.decode()
