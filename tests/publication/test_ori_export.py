"""The Open Raadsinformatie export: valid JSON-LD (expanded with pyld, no network), public meetings only."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from django.test import Client
from pyld import jsonld

from samen import cli
from samen.accounts.models import User
from samen.governance import services as governance
from samen.governance.models import Body, Meeting
from samen.publication import ori

SCHEMA = "http://schema.org/"
MEETING = "https://argu.co/ns/meeting/"
OPENGOV = "http://www.w3.org/ns/opengov#"
ORG = "http://www.w3.org/ns/org#"
BASE = "https://samen.example.nl"
API = "/api/v1/agreements/twente-vth-2024/ori"
SECRET = "Vertrouwelijk agendapunt over Enschede"
REPRESENTED_BY = "wethouder Jansen (naam niet openbaar)"
BROUGHT_BY = "mevrouw Pietersen (naam niet openbaar)"


def _offline_loader(url, options=None):
    raise AssertionError(f"the export must not need a remote context: {url}")


def expand(document: dict) -> list[dict]:
    """The document expanded by pyld, with every remote load refused (the context is inline)."""
    return jsonld.expand(document, {"documentLoader": _offline_loader})


def _nodes(expanded: list[dict], kind: str) -> dict[str, dict]:
    return {n["@id"]: n for n in expanded if kind in n.get("@type", [])}


def _value(node: dict, prop: str) -> object:
    return node[prop][0].get("@value", node[prop][0].get("@id"))


@pytest.fixture
def meetings(demo, settings):
    """A held public board meeting with decisions and attendance, and a non-public one with a confidential item."""
    settings.SAMEN_BASE_URL = BASE
    secretary = User.objects.get(username="secretariaat")
    board = Body.objects.get(agreement=demo, key="board")
    public = governance.plan_meeting(
        actor=secretary,
        body=board,
        on=date(2026, 11, 26),
        start_time=time(14, 0),
        place="Stadhuis Enschede",
        title="Openbaar bestuurlijk overleg",
        public=True,
        items=[
            {"title": "Opening", "explanation": "De voorzitter opent."},
            {"title": "Werkplan 2027", "proposal": "Instemmen met het werkplan.", "brought_by": BROUGHT_BY},
            {"title": "Jaarverslag", "proposal": "Voor kennisgeving aannemen."},
        ],
    )
    items = list(public.agenda_items.all())
    governance.record_held(
        actor=secretary,
        meeting=public,
        attendance={
            "GM0153": {"status": "present"},
            "GM0164": {"status": "represented", "represented_by": REPRESENTED_BY},
            "GM0141": {"status": "absent"},
            "WS-VECHTSTROMEN": {"status": "present"},
        },
        decisions={
            items[0].pk: {"outcome": "noted"},
            items[1].pk: {"decision": "Het werkplan 2027 is vastgesteld.", "outcome": "adopted"},
            items[2].pk: {"decision": "Aangehouden tot de volgende vergadering.", "outcome": "postponed"},
        },
        today=date(2026, 11, 29),
    )
    closed = governance.plan_meeting(actor=secretary, body=board, on=date(2026, 11, 19), items=[{"title": SECRET}])
    return public, closed


def test_the_export_is_json_ld_holding_the_public_meetings_and_not_the_others(meetings, demo):
    public, closed = meetings
    document = ori.export(demo)
    expanded = expand(document)
    found = _nodes(expanded, MEETING + "Meeting")
    ids = ori.Ids(demo, BASE)
    demo_public = Meeting.objects.get(agreement=demo, held_on=date(2026, 12, 10))  # the demo's public meeting
    assert set(found) == {ids.of("vergadering", public.pk), ids.of("vergadering", demo_public.pk)}
    assert ids.of("vergadering", closed.pk) not in json.dumps(document)
    assert SECRET not in json.dumps(document, ensure_ascii=False)
    non_public = Meeting.objects.filter(agreement=demo, public=False)
    assert non_public.count() > 10  # the demo's other meetings are all left out
    assert not any(ids.of("vergadering", m.pk) in found for m in non_public)

    meeting = found[ids.of("vergadering", public.pk)]
    assert _value(meeting, SCHEMA + "name") == "Openbaar bestuurlijk overleg"
    assert _value(meeting, SCHEMA + "startDate") == "2026-11-26T14:00:00+01:00"
    assert _value(meeting, SCHEMA + "location") == "Stadhuis Enschede"
    assert _value(meeting, SCHEMA + "eventStatus") == MEETING + "EventCompleted"
    assert _value(meeting, MEETING + "committee") == ids.of("orgaan", "board")
    assert _value(meeting, SCHEMA + "organizer") == ids.cooperation
    agenda = [x["@id"] for x in meeting[MEETING + "agenda"][0]["@list"]]
    assert agenda == [ids.of("agendapunt", i.pk) for i in public.agenda_items.all()]  # in order
    attendees = {x["@id"] for x in meeting[SCHEMA + "attendee"]}
    assert attendees == {ids.of("partij", "GM0153"), ids.of("partij", "GM0164"), ids.of("deelnemer", "WS-VECHTSTROMEN")}
    assert [x["@id"] for x in meeting[SCHEMA + "absentee"]] == [ids.of("partij", "GM0141")]


def test_agenda_items_carry_their_proposals_and_the_decisions_of_a_held_meeting(meetings, demo):
    public, _ = meetings
    expanded = expand(ori.export(demo))
    ids = ori.Ids(demo, BASE)
    items = _nodes(expanded, MEETING + "AgendaItem")
    decisions = _nodes(expanded, OPENGOV + "VoteEvent")
    motions = _nodes(expanded, OPENGOV + "Motion")
    opening, plan, report = public.agenda_items.all()
    assert _value(items[ids.of("agendapunt", plan.pk)], SCHEMA + "position") == 2
    assert _value(items[ids.of("agendapunt", plan.pk)], SCHEMA + "superEvent") == ids.of("vergadering", public.pk)
    assert _value(items[ids.of("agendapunt", opening.pk)], SCHEMA + "description") == "De voorzitter opent."
    assert _value(motions[ids.of("voorstel", plan.pk)], SCHEMA + "text") == "Instemmen met het werkplan."
    decided = decisions[_value(items[ids.of("agendapunt", plan.pk)], OPENGOV + "voteEvent")]
    assert _value(decided, SCHEMA + "description") == "Het werkplan 2027 is vastgesteld."
    assert _value(decided, OPENGOV + "result") == OPENGOV + "ResultPassed"
    assert _value(decisions[ids.of("besluit", report.pk)], OPENGOV + "result") == MEETING + "ResultPostponed"
    assert _value(decisions[ids.of("besluit", opening.pk)], OPENGOV + "result") == MEETING + "ResultDiscussed"
    # The planned demo meeting has its agenda but no decisions yet.
    planned = Meeting.objects.get(agreement=demo, held_on=date(2026, 12, 10))
    assert not any(ids.of("besluit", i.pk) in decisions for i in planned.agenda_items.all())
    assert all(ids.of("agendapunt", i.pk) in items for i in planned.agenda_items.all())


def test_the_organisation_and_its_bodies_and_parties_are_organizations(meetings, demo):
    expanded = expand(ori.export(demo))
    ids = ori.Ids(demo, BASE)
    orgs = _nodes(expanded, ORG + "Organization")
    assert _value(orgs[ids.cooperation], "http://www.w3.org/2004/02/skos/core#prefLabel") == demo.citation_title
    assert _value(orgs[ids.of("orgaan", "core-group")], ORG + "subOrganizationOf") == ids.cooperation
    assert _value(orgs[ids.of("partij", "GM0164")], ORG + "memberOf") == ids.cooperation
    assert len([i for i in orgs if "#partij-" in i]) == 15


def test_nothing_confidential_leaves(meetings, demo):
    text = ori.dumps(ori.export(demo))
    assert REPRESENTED_BY not in text  # who represented a party is a name: not published
    assert BROUGHT_BY not in text  # nor who brought an item
    for note in ("Voorbeeldbedrag", "Begroting 2025 ingestemd"):  # fact notes
        assert note not in text
    assert "@samen" not in text and "token" not in text.lower()


def test_the_cli_writes_the_same_document_atomically(meetings, demo, tmp_path, capsys):
    out = tmp_path / "ori.jsonld"
    out.write_text("oud", encoding="utf-8")
    assert cli.main(["export", "ori", "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == ori.export(demo)
    assert [p.name for p in tmp_path.iterdir()] == ["ori.jsonld"]  # no temporary file left behind
    assert "2 openbare vergaderingen" in capsys.readouterr().out
    assert cli.main(["export", "ori", "--out", str(out), "--agreement", "twente-vth-2024"]) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["export", "ori"],  # --out is required
        ["export"],
        ["export", "ori", "--out", "/nonexistent-dir/x.jsonld"],
        ["export", "ori", "--out", "{tmp}"],  # a directory
        ["export", "ori", "--out", "{tmp}/x.jsonld", "--agreement", "no-such-agreement"],
    ],
)
def test_the_cli_refuses_bad_arguments_with_exit_2(demo, tmp_path, args):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert cli.main(argv) == 2
    assert not (tmp_path / "x.jsonld").exists()


def test_the_api_answers_the_same_document_without_login(meetings, demo):
    response = Client().get(API)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert json.loads(response.content) == ori.export(demo)
    assert expand(json.loads(response.content))


def test_the_api_404s_for_an_unknown_agreement(demo):
    response = Client().get("/api/v1/agreements/no-such-agreement/ori")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_without_a_base_url_the_api_uses_the_request_address(demo, settings):
    settings.SAMEN_BASE_URL = ""
    document = json.loads(Client().get(API).content)
    assert document["@graph"][0]["@id"] == f"http://testserver{API}#samenwerking"


def test_the_document_converts_to_rdf_with_absolute_iris(meetings, demo):
    public, _ = meetings
    quads = jsonld.to_rdf(ori.export(demo), {"format": "application/n-quads", "documentLoader": _offline_loader})
    meeting = ori.Ids(demo, BASE).of("vergadering", public.pk)
    assert f"<{meeting}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{MEETING}Meeting> ." in quads
    # Every node has its own IRI: the only blank nodes are the links of the agenda's ordered list.
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    blank = [line.split(" ")[1] for line in quads.splitlines() if line.startswith("_:")]
    assert blank and set(blank) <= {f"<{rdf}first>", f"<{rdf}rest>"}


def test_public_documents_are_linked_as_attachments_by_one_function(meetings, demo, monkeypatch):
    public, _ = meetings
    ids = ori.Ids(demo, BASE)
    item = public.agenda_items.first()

    def documents_of(meeting, ids_):
        if meeting.pk != public.pk:
            return {}
        doc = {"@id": ids_.of("document", 1), "@type": "MediaObject", "name": "Werkplan.pdf", "url": f"{BASE}/d/1"}
        return {ids_.of("agendapunt", item.pk): [doc]}

    monkeypatch.setattr(ori, "documents_of", documents_of)
    expanded = expand(ori.export(demo))
    items = _nodes(expanded, MEETING + "AgendaItem")
    assert _value(items[ids.of("agendapunt", item.pk)], MEETING + "attachment") == ids.of("document", 1)
    document = _nodes(expanded, SCHEMA + "MediaObject")[ids.of("document", 1)]
    assert _value(document, SCHEMA + "contentUrl") == f"{BASE}/d/1"
