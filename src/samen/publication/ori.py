"""Public meetings in the Open Raadsinformatie (ORI) JSON-LD shape: `samen export ori` and `GET .../ori`.

Open Raadsinformatie (openstate/open-raadsinformatie, the Popolo-ORI ontology by Argu) describes council
meetings with schema.org, the Argu meeting vocabulary (`https://argu.co/ns/meeting/`, the IRIs ORI
writes), Popolo's opengov and the W3C organization ontology. This export uses those terms, with ORI's own
JSON keys (`start_date`, `organization`, `committee`, `agenda`, `vote_event`...), in one document with its
`@context` inlined and every node in `@graph`:

- the cooperation (`Organization`, `#samenwerking`), its bodies (`Organization`, `sub_organization_of`
  the cooperation) and its parties (`Organization`, `member_of` the cooperation);
- every PUBLIC meeting (`Meeting.public`, openbaar) and nothing of any other: name, `start_date`
  (date, or date and time with the Amsterdam offset), `location`, `status` (`schema:EventScheduled`,
  `meeting:EventCompleted`, `schema:EventCancelled`), `organization` (the cooperation) and `committee` (the
  body), its `agenda` in order;
- each agenda item (`AgendaItem`: `name`, `description` = the explanation, `position`, `parent` = the
  meeting); its proposal text as an `opengov:Motion` (`motion`); once the meeting is held, the decision
  as an `opengov:VoteEvent` (`vote_event`: `description` = the decision text, `result` =
  `opengov:ResultPassed` adopted, `opengov:ResultFailed` rejected, `meeting:ResultPostponed` postponed,
  `meeting:ResultDiscussed` noted);
- the attendance of a held meeting as parties and participants only (`attendee` for present or
  represented, `absentee`): never the name of whoever represented a party, nor who brought an item.

No fact notes, amounts, disputes or non-public meetings are read at all. `@id`s are stable URIs under
SAMEN_BASE_URL: the API endpoint's address with a fragment (`.../agreements/<slug>/ori#vergadering-12`),
so each identifier resolves to the document that describes it. Public documents are added by
`documents_of` (one function, see there).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from samen.agreements.models import Agreement
from samen.governance.models import AgendaItem, Attendance, Body, Meeting
from samen.parties.models import Party
from samen.publication.addresses import base_url

ZONE = ZoneInfo("Europe/Amsterdam")
MEDIA_TYPE = "application/ld+json"

CONTEXT: dict[str, Any] = {
    "schema": "http://schema.org/",
    "meeting": "https://argu.co/ns/meeting/",
    "opengov": "http://www.w3.org/ns/opengov#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "Meeting": "meeting:Meeting",
    "AgendaItem": "meeting:AgendaItem",
    "Organization": "org:Organization",
    "Motion": "opengov:Motion",
    "VoteEvent": "opengov:VoteEvent",
    "MediaObject": "schema:MediaObject",
    "name": "schema:name",
    "description": "schema:description",
    "text": "schema:text",
    "start_date": "schema:startDate",
    "location": "schema:location",
    "position": "schema:position",
    "status": {"@id": "schema:eventStatus", "@type": "@id"},
    "organization": {"@id": "schema:organizer", "@type": "@id"},
    "committee": {"@id": "meeting:committee", "@type": "@id"},
    "agenda": {"@id": "meeting:agenda", "@type": "@id", "@container": "@list"},
    "parent": {"@id": "schema:superEvent", "@type": "@id"},
    "attachment": {"@id": "meeting:attachment", "@type": "@id"},
    "attendee": {"@id": "schema:attendee", "@type": "@id"},
    "absentee": {"@id": "schema:absentee", "@type": "@id"},
    "motion": {"@id": "opengov:motion", "@type": "@id"},
    "vote_event": {"@id": "opengov:voteEvent", "@type": "@id"},
    "result": {"@id": "opengov:result", "@type": "@id"},
    "label": "skos:prefLabel",
    "alt_label": "skos:altLabel",
    "classification": "org:classification",
    "sub_organization_of": {"@id": "org:subOrganizationOf", "@type": "@id"},
    "member_of": {"@id": "org:memberOf", "@type": "@id"},
    # For public documents (documents_of): a file with its address, media type, size and date.
    "url": {"@id": "schema:contentUrl", "@type": "@id"},
    "content_type": "schema:encodingFormat",
    "size_in_bytes": "schema:fileSize",
    "date_modified": "schema:dateModified",
}

STATUS = {"planned": "schema:EventScheduled", "held": "meeting:EventCompleted", "cancelled": "schema:EventCancelled"}
RESULT = {
    AgendaItem.Outcome.ADOPTED: "opengov:ResultPassed",
    AgendaItem.Outcome.REJECTED: "opengov:ResultFailed",
    AgendaItem.Outcome.POSTPONED: "meeting:ResultPostponed",
    AgendaItem.Outcome.NOTED: "meeting:ResultDiscussed",
}


class Ids:
    """The stable `@id`s of one agreement's export: the endpoint's address plus a fragment."""

    def __init__(self, agreement: Agreement, base: str) -> None:
        self.document = base + reverse("api:agreement_ori", kwargs={"slug": agreement.slug})

    def of(self, kind: str, key: Any) -> str:
        return f"{self.document}#{kind}-{key}"

    @property
    def cooperation(self) -> str:
        return f"{self.document}#samenwerking"


def public_meetings(agreement: Agreement) -> list[Meeting]:
    """The agreement's public meetings (openbaar) by date, with agenda and attendance: the only meetings exported."""
    return list(
        Meeting.objects.filter(agreement=agreement, public=True)
        .select_related("body")
        .prefetch_related("agenda_items", "attendances__party", "attendances__participant")
        .order_by("held_on", "pk")
    )


def _start(m: Meeting) -> str:
    if m.start_time is None:
        return m.held_on.isoformat()
    return datetime.combine(m.held_on, m.start_time, tzinfo=ZONE).isoformat()


def _organizations(agreement: Agreement, ids: Ids) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = [
        {"@id": ids.cooperation, "@type": "Organization", "label": agreement.citation_title, "classification": "samenwerkingsverband"}
    ]
    for body in Body.objects.filter(agreement=agreement).order_by("position"):
        nodes.append(
            {
                "@id": ids.of("orgaan", body.key),
                "@type": "Organization",
                "label": body.name,
                "alt_label": body.short_name,
                "classification": body.kind,
                "sub_organization_of": ids.cooperation,
            }
        )
    for party in Party.objects.filter(agreement=agreement).order_by("position", "code"):
        nodes.append(
            {
                "@id": ids.of("partij", party.code),
                "@type": "Organization",
                "label": party.name,
                "classification": party.get_kind_display(),
                "member_of": ids.cooperation,
            }
        )
    return nodes


def _attendee(a: Attendance, ids: Ids, participants: dict[str, dict[str, Any]]) -> str:
    if a.party is not None:
        return ids.of("partij", a.party.code)
    assert a.participant is not None
    node_id = ids.of("deelnemer", a.participant.code)
    participants[node_id] = {"@id": node_id, "@type": "Organization", "label": a.participant.name, "classification": a.participant.kind}
    return node_id


def documents_of(meeting: Meeting, ids: Ids) -> dict[str, list[dict[str, Any]]]:
    """The PUBLIC documents of a public meeting, by the `@id` of what they are attached to (the meeting or an item).

    Each is a `MediaObject` node (`@id`, `name`, `url`, `content_type`, `size_in_bytes`, `date_modified`;
    the terms are in CONTEXT); the export links it with `attachment`. None yet: the documents of issue 8
    are added here, and only those marked public.
    """
    return {}


def _meeting_nodes(m: Meeting, agreement: Agreement, ids: Ids, participants: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    meeting_id = ids.of("vergadering", m.pk)
    start = _start(m)
    node: dict[str, Any] = {
        "@id": meeting_id,
        "@type": "Meeting",
        "name": m.title or f"{m.body.short_name} {m.held_on:%d-%m-%Y}",
        "start_date": start,
        "status": STATUS.get(m.status, "schema:EventScheduled"),
        "organization": ids.cooperation,
        "committee": ids.of("orgaan", m.body.key),
    }
    if m.place:
        node["location"] = m.place
    items = list(m.agenda_items.all())
    node["agenda"] = [ids.of("agendapunt", i.pk) for i in items]
    held = m.status == Meeting.Status.HELD
    if held:
        present = [a for a in m.attendances.all() if a.status in (Attendance.Status.PRESENT, Attendance.Status.REPRESENTED)]
        absent = [a for a in m.attendances.all() if a.status == Attendance.Status.ABSENT]
        if present:
            node["attendee"] = [_attendee(a, ids, participants) for a in present]
        if absent:
            node["absentee"] = [_attendee(a, ids, participants) for a in absent]
    nodes = [node]
    for i in items:
        item_id = ids.of("agendapunt", i.pk)
        item: dict[str, Any] = {"@id": item_id, "@type": "AgendaItem", "name": i.title, "position": i.position, "parent": meeting_id}
        item["start_date"] = start
        if i.explanation:
            item["description"] = i.explanation
        motion_id = ids.of("voorstel", i.pk)
        if i.proposal:
            item["motion"] = motion_id
            nodes.append({"@id": motion_id, "@type": "Motion", "name": i.title, "text": i.proposal})
        if held and (i.outcome or i.decision):
            decision_id = ids.of("besluit", i.pk)
            item["vote_event"] = decision_id
            decision: dict[str, Any] = {
                "@id": decision_id,
                "@type": "VoteEvent",
                "name": i.title,
                "start_date": start,
                "organization": ids.of("orgaan", m.body.key),
                "parent": meeting_id,
            }
            if i.decision:
                decision["description"] = i.decision
            if i.outcome in RESULT:
                decision["result"] = RESULT[i.outcome]
            if i.proposal:
                decision["motion"] = motion_id
            nodes.append(decision)
        nodes.append(item)
    for owner, documents in documents_of(m, ids).items():
        target = next((n for n in nodes if n["@id"] == owner), None)
        if target is None:
            continue
        target.setdefault("attachment", []).extend(d["@id"] for d in documents)
        nodes.extend(documents)
    return nodes


def export(agreement: Agreement, *, request: Any = None) -> dict[str, Any]:
    """The ORI JSON-LD document of `agreement`'s public meetings (see the module's docstring)."""
    ids = Ids(agreement, base_url(request))
    graph = _organizations(agreement, ids)
    participants: dict[str, dict[str, Any]] = {}
    meetings: list[dict[str, Any]] = []
    for m in public_meetings(agreement):
        meetings += _meeting_nodes(m, agreement, ids, participants)
    return {"@context": CONTEXT, "@graph": graph + list(participants.values()) + meetings}


def dumps(document: dict[str, Any]) -> str:
    """The document as JSON text (UTF-8, indented), as the command writes it and the API answers it."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
