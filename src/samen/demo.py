"""Demo data: one account per role and true-to-life facts, so that `samen check` has something to say.

Idempotent: what exists is kept. Facts are plausible but not taken from real records: figures that
are made up are marked `example_figure`. It invents no disputes or withdrawals between the real
parties (the what-if sandbox shows those).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.conf import settings
from django.db import transaction

from samen.accounts import services as accounts
from samen.accounts import twofactor
from samen.accounts.models import Role, User
from samen.agreements.models import Agreement
from samen.governance import services as governance
from samen.governance.models import Body, Meeting, Membership
from samen.parties import services as parties
from samen.parties.models import Party, Person, Signature
from samen.records import services as records
from samen.records.models import RecordedFact

ACTOR = "system:demo"

# username -> (role, party code or None, display name)
ACCOUNTS: dict[str, tuple[str, str | None, str]] = {
    "secretariaat": (Role.SECRETARIAT, None, "Secretariaat (gastheer Enschede)"),
    "voorzitter": (Role.CHAIR, None, "Ambtelijk voorzitter"),
    "hengelo": (Role.REPRESENTATIVE, "GM0164", "Vertegenwoordiger Hengelo"),
    "financien": (Role.FINANCE, None, "Financiën (gastheer Enschede)"),
    "waarnemer": (Role.OBSERVER, None, "Waterschap Vechtstromen"),
}

BOARD_MEETINGS = [
    date(2024, 12, 12),
    date(2025, 2, 13), date(2025, 5, 15), date(2025, 9, 11), date(2025, 12, 11),
    date(2026, 2, 12), date(2026, 5, 21), date(2026, 9, 10),
]  # fmt: skip
# A board meeting still to come (planned, not held: the rules do not count it as held).
PLANNED_BOARD_MEETING = date(2026, 12, 10)
PLANNED_AGENDA = [
    {"title": "Opening en vaststelling van de agenda", "brought_by": "voorzitter"},
    {
        "title": "Verslag van het bestuurlijk overleg van 10 september 2026",
        "explanation": "Het conceptverslag is met de stukken meegestuurd.",
        "proposal": "Het verslag ongewijzigd vaststellen.",
        "brought_by": "secretariaat",
    },
    {
        "title": "Werkplan 2027 samenwerkingsagenda",
        "explanation": "De kerngroep legt het werkplan voor de pijlers a tot en met g voor.",
        "proposal": "Instemmen met het werkplan 2027.",
        "brought_by": "kerngroep",
    },
]
FIRST_MEETING = BOARD_MEETINGS[0]
CORE_GROUP_MEETINGS = [date(2025, 1, 16), date(2025, 4, 17), date(2025, 10, 16), date(2026, 3, 19), date(2026, 10, 15)]


def demo_email(username: str) -> str:
    """A demo account's address (the reserved .example domain: nothing is ever delivered there)."""
    return f"{username}@samen.example"


def _accounts(agreement: Agreement) -> None:
    if not settings.DEMO_MODE:
        raise RuntimeError("demo accounts exist only in demo mode (SAMEN_DEMO=1)")
    for username, (role, code, display) in ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            party = Party.objects.get(agreement=agreement, code=code) if code else None
            user = accounts.create_account(
                actor=ACTOR,
                username=username,
                role=role,
                agreement=agreement,
                password=settings.DEMO_PASSWORD,
                display_name=display,
                party=party,
                email=demo_email(username),
            )
        if not user.email:
            # Demo accounts made before they had an address: reminders (samen.reminders) need one.
            user = accounts.set_email(actor=ACTOR, user=user, email=demo_email(username))
        if twofactor.required_for(user):
            # Enrolled with the known secret, so that `make run` logs in and tests compute the code.
            accounts.enrol_demo_totp(actor=ACTOR, user=user, secret=settings.DEMO_TOTP_SECRET)


def _signatures(agreement: Agreement) -> None:
    # Every party signed in the weeks around the start (dates are illustrative).
    for i, party in enumerate(Party.objects.filter(agreement=agreement)):
        if not Signature.objects.filter(party=party).exists():
            parties.record_signature(actor=ACTOR, party=party, signed_on=date(2024, 10, 14 + i))


def _memberships(agreement: Agreement) -> None:
    if Membership.objects.filter(body__agreement=agreement).exists():
        return
    start = agreement.start
    board = Body.objects.get(agreement=agreement, key="board")
    core = Body.objects.get(agreement=agreement, key="core-group")
    chair = parties.add_person(
        actor=ACTOR, agreement=agreement, name="Ambtelijk voorzitter (voorbeeld)", function="ambtelijk voorzitter, schaal 11"
    )
    secretary = parties.add_person(actor=ACTOR, agreement=agreement, name="Secretaris (voorbeeld)", function="secretaris, schaal 9")
    governance.add_membership(actor=ACTOR, body=core, person=chair, role=Membership.Role.CHAIR, start=start)
    governance.add_membership(actor=ACTOR, body=core, person=secretary, role=Membership.Role.SECRETARY, start=start)
    governance.add_membership(actor=ACTOR, body=board, person=secretary, role=Membership.Role.SECRETARY, start=start)
    for person in Person.objects.filter(agreement=agreement, party__isnull=False).select_related("party"):
        governance.add_membership(actor=ACTOR, body=board, person=person, role=Membership.Role.MEMBER, start=start)
        if person.party is not None and person.party.code in ("GM0153", "GM0164", "GM0141", "PV23"):
            # The core group was composed in the board's first meeting (the facts the rules read follow from these seats).
            governance.add_membership(actor=ACTOR, body=core, person=person, role=Membership.Role.MEMBER, start=FIRST_MEETING)
    # The board elected Enschede's member its chair in its first meeting (art. 5 lid 5).
    enschede = Person.objects.filter(agreement=agreement, party__code="GM0153").order_by("pk").first()
    if enschede is not None:
        governance.elect_chair(actor=ACTOR, body=board, person=enschede, on=FIRST_MEETING)
    ws = parties.add_person(
        actor=ACTOR,
        agreement=agreement,
        name="Vertegenwoordiger Waterschap Vechtstromen",
        function="bestuurder",
        participant=agreement.participants.first(),
    )
    governance.add_membership(actor=ACTOR, body=board, person=ws, role=Membership.Role.OBSERVER, start=start)


def _meetings(agreement: Agreement) -> None:
    for key, days in (("board", BOARD_MEETINGS), ("core-group", CORE_GROUP_MEETINGS)):
        body = Body.objects.get(agreement=agreement, key=key)
        for day in days:
            if not Meeting.objects.filter(body=body, held_on=day).exists():
                governance.record_meeting(actor=ACTOR, body=body, held_on=day, title=f"{body.short_name} {day:%d-%m-%Y}")
    board = Body.objects.get(agreement=agreement, key="board")
    if not Meeting.objects.filter(body=board, held_on=PLANNED_BOARD_MEETING).exists():
        governance.plan_meeting(
            actor=ACTOR,
            body=board,
            on=PLANNED_BOARD_MEETING,
            start_time=time(14, 0),
            place="Gemeentehuis Hengelo, raadzaal",
            items=PLANNED_AGENDA,
            public=True,  # openbaar: its agenda is in the ORI export (samen export ori)
        )


# The chair's election and the core group's composition are not facts here: they follow from the memberships.
FACTS: list[tuple[dict[str, Any], bool, str]] = [
    # The consent of a year before samen recorded as one fact (budgets from 2026 on: _budget_proposals).
    ({"fact": "budget-consented", "year": 2025, "date": "2024-12-12"}, False, "Begroting 2025 ingestemd in het bestuurlijk overleg."),
    ({"fact": "cost-per-fte", "year": 2025, "amount": "98500.00"}, True, "Voorbeeldbedrag: kostenniveau per fte 2025 (incl. overhead)."),
    ({"fact": "cost-per-fte", "year": 2026, "amount": "101455.00"}, True, "Voorbeeldbedrag: 2025 met 3% loon- en prijscompensatie."),
]


def _documents(agreement: Agreement) -> None:
    """The planned board meeting's agenda as a small PDF, so the pages show a document with its version."""
    from django.core.files.base import ContentFile

    from samen.documents import services as documents
    from samen.documents.models import Document
    from samen.documents.pdf import simple_pdf

    meeting = Meeting.objects.filter(agreement=agreement, body__key="board", held_on=PLANNED_BOARD_MEETING).first()
    if meeting is None or Document.objects.filter(meeting=meeting, kind=Document.Kind.AGENDA).exists():
        return
    lines = [f"Agenda bestuurlijk overleg {PLANNED_BOARD_MEETING:%d-%m-%Y}", meeting.place, ""]
    lines += [f"{i}. {item['title']}" for i, item in enumerate(PLANNED_AGENDA, start=1)]
    documents.add_document(
        actor=ACTOR,
        target=meeting,
        title=f"Agenda bestuurlijk overleg {PLANNED_BOARD_MEETING:%d-%m-%Y}",
        kind=Document.Kind.AGENDA,
        public=meeting.public,  # the agenda of a public meeting is public: published with it (ORI export)
        file=ContentFile(simple_pdf(lines), name="agenda-bestuurlijk-overleg.pdf"),
    )


def _facts(agreement: Agreement) -> None:
    have = [f.payload for f in RecordedFact.objects.filter(agreement=agreement)]
    for raw, example, note in FACTS:
        if raw not in have:
            records.record_fact(actor=ACTOR, agreement=agreement, raw=raw, note=note, example_figure=example)


# --- the cooperation agenda (art. 1 sub d, art. 2): samen.cooperation ----------------------------------------------
# A handful of assignments across the pillars, with project groups, progress and the meetings that decided on
# them. Names of project group members are roles, not real people; budgets are example figures (said so in the
# description). They feed no rule: `samen check` is the same with or without them.
EXAMPLE = " Het budget is een voorbeeldbedrag."
ASSIGNMENTS: list[dict[str, Any]] = [
    {
        "pillar": "a",
        "title": "Regionaal beleidskader VTH",
        "principal": "GM0153",
        "start": date(2024, 12, 12),
        "planned_end": date(2025, 12, 31),
        "budget": "25000.00",
        "description": "Eén beleidskader Uitvoering & Handhaving Omgevingsrecht voor alle partijen, als basis van de "
        "beleids- en uitvoeringscyclus voor de taken van de Omgevingsdienst Twente." + EXAMPLE,
        "deliverables": "Regionaal beleidskader VTH, vast te stellen door elk college; een model voor het jaarlijkse uitvoeringsprogramma.",
        "members": [
            ("GM0153", "Beleidsadviseur VTH Enschede (voorbeeld)", "lead"),
            ("GM0164", "Beleidsadviseur VTH Hengelo (voorbeeld)", "member"),
            ("GM0141", "Beleidsadviseur VTH Almelo (voorbeeld)", "member"),
        ],
        "progress": [
            (date(2025, 3, 1), "in_progress", 25, "Startnotitie besproken in de kerngroep", ""),
            (date(2025, 9, 11), "in_progress", 80, "Concept besproken in het bestuurlijk overleg", "Reacties van partijen verwerkt."),
            (date(2025, 12, 11), "completed", 100, "Beleidskader vastgesteld", "Ter vaststelling naar de colleges."),
        ],
        "meetings": [(date(2024, 12, 12), "opdracht verleend"), (date(2025, 12, 11), "beleidskader vastgesteld")],
    },
    {
        "pillar": "e",
        "title": "Regionale handhavingsstrategie Omgevingsrecht",
        "principal": "GM0164",
        "start": date(2025, 2, 13),
        "planned_end": date(2026, 12, 31),
        "budget": "40000.00",
        "description": "Een gezamenlijke handhavingsstrategie onder de Omgevingswet, met de interventieladder en "
        "afspraken met de ketenpartners." + EXAMPLE,
        "deliverables": "Regionale handhavingsstrategie; afspraken met politie en Omgevingsdienst Twente over gezamenlijk optreden.",
        "members": [
            ("GM0164", "Coördinator handhaving Hengelo (voorbeeld)", "lead"),
            ("GM0173", "Jurist handhaving Oldenzaal (voorbeeld)", "member"),
            ("PV23", "Adviseur toezicht Provincie (voorbeeld)", "advisor"),
        ],
        "progress": [
            (date(2025, 5, 15), "in_progress", 20, "Knelpuntenanalyse gereed", ""),
            (date(2026, 2, 12), "in_progress", 45, "", "Afstemming met de ketenpartners loopt."),
            (date(2026, 9, 10), "in_progress", 60, "Conceptstrategie in de kerngroep", ""),
        ],
        "meetings": [(date(2025, 2, 13), "opdracht verleend"), (date(2026, 9, 10), "voortgang besproken")],
    },
    {
        "pillar": "g",
        "title": "Opleidingsprogramma toezicht en handhaving",
        "principal": "GM0141",
        "start": date(2025, 5, 15),
        "planned_end": date(2027, 6, 30),
        "budget": "15000.00",
        "description": "Een gezamenlijk opleidings- en intervisieprogramma voor toezichthouders en handhavers van de "
        "partijen, om constructieve kennis te bundelen." + EXAMPLE,
        "deliverables": "Jaarlijks opleidingsaanbod; een regionale pool van praktijkbegeleiders.",
        "members": [
            ("GM0141", "Teamleider toezicht Almelo (voorbeeld)", "lead"),
            ("GM1774", "Toezichthouder Dinkelland (voorbeeld)", "member"),
        ],
        "progress": [(date(2025, 10, 16), "in_progress", 30, "Eerste leergang gestart", "")],
        "meetings": [(date(2025, 5, 15), "opdracht verleend")],
    },
    {
        "pillar": "b",
        "title": "Gezamenlijke aanpak ondermijning in het buitengebied",
        "principal": "PV23",
        "start": date(2025, 9, 11),
        "planned_end": date(2027, 3, 31),
        "budget": None,
        "description": "Signalen van ondermijning bij toezicht in het buitengebied herkennen en delen, met de "
        "Veiligheidsregio Twente en de politie.",
        "deliverables": "Signaleringskaart voor toezichthouders; een werkwijze voor het delen van signalen.",
        "members": [("PV23", "Programmamanager ondermijning Provincie (voorbeeld)", "lead")],
        "progress": [(date(2026, 3, 19), "in_progress", 15, "", "Werkwijze in ontwikkeling met de ketenpartners.")],
        "meetings": [(date(2025, 9, 11), "opdracht verleend")],
    },
    {
        "pillar": "f",
        "title": "Regionale werkafspraken Wet kwaliteitsborging",
        "principal": "GM0164",
        "start": date(2026, 5, 21),
        "planned_end": date(2027, 10, 31),
        "budget": "10000.00",
        "description": "Afspraken over toezicht en handhaving onder de Wet kwaliteitsborging voor het bouwen: "
        "gevolgklasse 1, de rol van kwaliteitsborgers en het dossier bevoegd gezag." + EXAMPLE,
        "deliverables": "Regionale werkafspraken en een gezamenlijk werkproces.",
        "members": [],
        "progress": [],
        "meetings": [(date(2026, 5, 21), "opdracht verleend")],
    },
]


def _agenda(agreement: Agreement) -> None:
    from samen.cooperation import services as cooperation
    from samen.cooperation.models import Assignment

    if Assignment.objects.filter(agreement=agreement).exists():
        return
    board = Body.objects.get(agreement=agreement, key="board")
    planned = Meeting.objects.filter(body=board, held_on=PLANNED_BOARD_MEETING).first()
    for spec in ASSIGNMENTS:
        principal = Person.objects.filter(agreement=agreement, party__code=spec["principal"]).order_by("pk").first()
        if principal is None:
            continue
        a = cooperation.create_assignment(
            actor=ACTOR,
            agreement=agreement,
            pillar=spec["pillar"],
            title=spec["title"],
            principal=principal,
            start=spec["start"],
            planned_end=spec["planned_end"],
            budget=spec["budget"],
            description=spec["description"],
            deliverables=spec["deliverables"],
        )
        for code, name, role in spec["members"]:
            cooperation.add_member(actor=ACTOR, assignment=a, party=code, name=name, role=role, start=spec["start"])
        for on, status, percent, milestone, note in spec["progress"]:
            cooperation.add_progress(
                actor=ACTOR, assignment=a, on=on, status=status, percent=percent, milestone=milestone, note=note, today=on
            )
        for day, note in spec["meetings"]:
            meeting = Meeting.objects.filter(body=board, held_on=day).first()
            if meeting is not None:
                cooperation.link_meeting(actor=ACTOR, assignment=a, meeting=meeting, note=note)
        if spec["pillar"] == "f" and planned is not None:
            item = planned.agenda_items.filter(title__icontains="samenwerkingsagenda").first()
            if item is not None:
                cooperation.link_meeting(actor=ACTOR, assignment=a, meeting=planned, agenda_item=item, note="in het werkplan 2027")


# --- budget proposals (art. 6 with art. 5 lid 3): the consent follows from the fifteen parties' decisions ---------
# (ref, budget year, proposed on, subject, [(party code, decided on, outcome)]); 2026: every party consented on
# 11 September 2025 (the board meeting of that day), so the budget for 2026 is consented as before; 2027: put to
# the parties in September 2026, ten have consented, one asks for changes, four have yet to decide.
_PARTY_ORDER = ("GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164", "GM1735", "GM0168", "GM0173",
                "GM1742", "GM0183", "GM1700", "GM0189", "PV23")  # fmt: skip
BUDGET_PROPOSALS: list[tuple[str, int, date, str, list[tuple[str, date, str]]]] = [
    ("B-2026", 2026, date(2025, 7, 3), "Begroting 2026", [(code, date(2025, 9, 11), "consent") for code in _PARTY_ORDER]),
    (
        "B-2027",
        2027,
        date(2026, 9, 15),
        "Begroting 2027",
        [(code, date(2026, 9, 17 + i), "consent") for i, code in enumerate(_PARTY_ORDER[:10])] + [("GM1742", date(2026, 11, 3), "refuse")],
    ),
]


def _budget_proposals(agreement: Agreement) -> None:
    from samen.proposals import services as proposals
    from samen.proposals.models import Proposal

    recorded = {f.payload.get("year") for f in RecordedFact.objects.filter(agreement=agreement, kind="budget-consented")}
    for ref, year, proposed_on, subject, decisions in BUDGET_PROPOSALS:
        # A demo database made before budget proposals keeps its recorded consent for the year (stored once).
        if year in recorded or Proposal.objects.filter(agreement=agreement, ref=ref).exists():
            continue
        p = proposals.create_proposal(
            actor=ACTOR,
            agreement=agreement,
            ref=ref,
            subject=subject,
            kind=Proposal.Kind.BUDGET,
            proposed_on=proposed_on,
            explanation="De gastheerorganisatie legt de begroting ter instemming voor aan de partijen (art. 6).",
            budget_year=year,
        )
        rows = [
            {"party": code, "decided_on": day, "outcome": outcome, "document": f"collegebesluit {code}"} for code, day, outcome in decisions
        ]
        proposals.record_decisions(actor=ACTOR, proposal=p, rows=rows)


# --- budgets and commitments (art. 6, art. 4 lid 1 and 4, art. 7 lid 1): samen.budgets -------------------------------
# Every figure here is an example (Voorbeeldbedrag), marked as such: the lines of the budgets for 2026 and 2027, the
# reserves' opening balances, the FTE of the two positions and the commitments. The cost per FTE for 2027 is 2026's
# with 3% wage and price compensation (101455.00 x 1.03), with a small example source document.
EXAMPLE_BUDGETS: list[tuple[int, str, list[tuple[str, str]]]] = [
    (2026, "20000.00", [("Personeel (ambtelijk voorzitter en secretaris)", "140000.00"), ("Werkbudget samenwerkingsagenda", "9000.00"),
                        ("Opleiding en kennisdeling", "3000.00")]),
    (2027, "20182.50", [("Personeel (ambtelijk voorzitter en secretaris)", "144000.00"), ("Werkbudget samenwerkingsagenda", "10000.00"),
                        ("Opleiding en kennisdeling", "3000.00")]),
]  # fmt: skip
# The budget for 2026 was adopted in Enschede's programme budget after the parties' consent (11 September 2025).
BUDGET_ADOPTED_2026 = {"fact": "budget-adopted", "year": 2026, "date": "2025-11-13"}
COST_PER_FTE_2027 = {"fact": "cost-per-fte", "year": 2027, "amount": "104498.65"}
STAFF: list[dict[str, Any]] = [
    {"fact": "staff-employed", "role": "chair", "fte": "1.0", "scale": 11, "date": "2024-11-01", "until": "2027-10-31"},
    {"fact": "staff-employed", "role": "secretary", "fte": "0.8", "scale": 9, "date": "2024-11-01", "until": "2027-10-31"},
]
COMMITMENTS: list[dict[str, Any]] = [
    {"ref": "V-2026-1", "year": 2026, "line": "Werkbudget samenwerkingsagenda", "amount": "4500.00", "committed_on": date(2026, 2, 10),
     "counterparty": "Adviesbureau Voorbeeld B.V.", "description": "Begeleiding werksessies VTH-beleid (voorbeeld)"},
    {"ref": "V-2026-2", "year": 2026, "line": "Opleiding en kennisdeling", "amount": "1200.00", "committed_on": date(2026, 3, 5),
     "counterparty": "Opleidingsinstituut Voorbeeld", "description": "Kennisdag toezicht en handhaving (voorbeeld)"},
    {"ref": "V-2026-3", "year": 2026, "line": "Werkbudget samenwerkingsagenda", "amount": "2750.00", "committed_on": date(2026, 6, 1),
     "counterparty": "Drukkerij Voorbeeld", "description": "Vormgeving en druk jaarverslag (voorbeeld)"},
]  # fmt: skip


def _budgets(agreement: Agreement) -> None:
    from django.core.files.base import ContentFile

    from samen.budgets import services as budgets
    from samen.budgets.models import Budget, Commitment
    from samen.documents.pdf import simple_pdf

    have = [f.payload for f in RecordedFact.objects.filter(agreement=agreement)]
    for year, reserve, lines in EXAMPLE_BUDGETS:
        if Budget.objects.filter(agreement=agreement, year=year).exists():
            continue
        b = budgets.create_budget(
            actor=ACTOR, agreement=agreement, year=year, opening_reserve=reserve, note="Voorbeeldbedragen.", example_figure=True
        )
        for name, amount in lines:
            budgets.add_line(actor=ACTOR, budget=b, name=name, amount=amount)
    if not RecordedFact.objects.filter(agreement=agreement, kind="budget-adopted", payload__year=2026).exists():
        records.record_fact(actor=ACTOR, agreement=agreement, raw=BUDGET_ADOPTED_2026, note="Programmabegroting 2026 van Enschede.")
    if COST_PER_FTE_2027 not in have:
        pdf = simple_pdf(["Kostenniveau per fte 2027 (voorbeeld)", "2026: 101.455,00", "Loon- en prijscompensatie 3%", "2027: 104.498,65"])
        budgets.record_cost_per_fte(
            actor=ACTOR,
            agreement=agreement,
            year=2027,
            amount="104498.65",
            file=ContentFile(pdf, name="kostenniveau-per-fte-2027.pdf"),
            title="Kostenniveau per fte 2027 (voorbeeld)",
            note="Voorbeeldbedrag: 2026 met 3% loon- en prijscompensatie.",
            example_figure=True,
        )
    for raw in STAFF:
        if raw not in have:
            records.record_fact(actor=ACTOR, agreement=agreement, raw=raw, note="Voorbeeld: omvang in fte verzonnen.", example_figure=True)
    for spec in COMMITMENTS:
        if not Commitment.objects.filter(agreement=agreement, ref=spec["ref"]).exists():
            budgets.record_commitment(actor=ACTOR, agreement=agreement, example_figure=True, **spec)


@transaction.atomic
def load(*, agreement: Agreement) -> None:
    """Load the demo data into `agreement` (idempotent)."""
    _accounts(agreement)
    _signatures(agreement)
    _memberships(agreement)
    _meetings(agreement)
    _documents(agreement)
    _facts(agreement)
    _agenda(agreement)  # the cooperation agenda (samen.cooperation)
    _budget_proposals(agreement)
    _budgets(agreement)  # budgets, cost per FTE, positions and commitments (samen.budgets)
    _invoices(agreement)  # the 2026 invoices with their payments (samen.invoicing)


def _invoices(agreement: Agreement) -> None:
    """The 2026 invoices from the rules (as on 15 January 2026), every one paid: Hengelo's in two parts. Nothing is
    overdue, so the demo's findings stay the rules' own. The 2027 invoices are for the user to create (the cost per FTE
    for 2027 is in the demo, `_budgets`): `samen invoices create --year 2027` or the button on the invoices page."""
    from decimal import Decimal

    from samen.invoicing import services as invoicing
    from samen.invoicing.models import Document

    if Document.objects.filter(agreement=agreement, year=2026).exists():
        return
    outcome = invoicing.create_for_year(actor="system:setup", agreement=agreement, year=2026, as_of=date(2026, 1, 15))
    for d in outcome.created:
        if d.party == "GM0164":
            half = (d.total / 2).quantize(Decimal("0.01"))
            invoicing.record_payment(actor="system:setup", invoice=d, paid_on=date(2026, 1, 30), amount=half, reference="Hengelo deel 1")
            invoicing.record_payment(
                actor="system:setup", invoice=d, paid_on=date(2026, 2, 12), amount=d.total - half, reference="Hengelo deel 2"
            )
        else:
            invoicing.record_payment(
                actor="system:setup", invoice=d, paid_on=date(2026, 2, 10), amount=d.total, reference=f"{d.party} {d.number}"
            )
