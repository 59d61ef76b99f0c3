"""Readable, translatable names for the codes in the rules' answers (steps, states, kinds...)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROCEDURES = {
    "term": _("Looptijd"),
    "dispute": _("Geschil"),
    "withdrawal": _("Uittreding"),
    "amendment": _("Wijziging"),
    "budget": _("Begroting"),
    "signatures": _("Ondertekening"),
    "meetings": _("Vergaderingen"),
    "core-group": _("Kerngroep"),
}

STEPS = {
    "evaluation-due": _("Evaluatie uiterlijk"),
    "term-end": _("Einde looptijd"),
    "chair-phase-end": _("Einde fase voorzitter"),
    "mediation-end": _("Einde mediation"),
    "exit": _("Datum uittreding"),
    "budget-consent-due": _("Instemming begroting uiterlijk"),
}

# Where a deadline stands (the rules' `status`, docs/scenarios.md).
DEADLINE_STATUSES = {
    "open": _("open"),
    "met": _("gehaald"),
    "late": _("te laat gehaald"),
    "overdue": _("over tijd"),
    "passed": _("verstreken"),
}

STATES = {
    "not-started": _("nog niet begonnen"),
    "running": _("loopt"),
    "ended": _("geëindigd"),
    "chair-phase": _("fase voorzitter"),
    "mediation-pending": _("mediation nog niet gestart"),
    "mediation": _("mediation"),
    "mediation-failed": _("mediation zonder oplossing"),
    "with-gs": _("bij Gedeputeerde Staten"),
    "resolved": _("opgelost"),
    "notified": _("opgezegd"),
    "consented": _("ingestemd, in opzegtermijn"),
    "exited": _("uitgetreden"),
    "pending": _("in behandeling"),
    "adopted": _("aangenomen"),
    "rejected": _("verworpen"),
    "incomplete": _("onvolledig"),
    "complete": _("volledig"),
    "missing": _("ontbreekt"),
    "draft": _("opgesteld (ontwerp)"),
}
# States whose name differs per procedure.
PROCEDURE_STATES = {
    ("budget", "consented"): _("ingestemd"),
    ("budget", "adopted"): _("vastgesteld in de programmabegroting"),
    ("budget", "pending"): _("wacht op instemming van alle partijen"),
}
# States after which nothing more happens in a procedure (for the "open procedures" list).
CLOSED_STATES = frozenset({"ended", "resolved", "exited", "adopted", "rejected", "complete"})
PROCEDURE_CLOSED_STATES = {"budget": frozenset({"consented", "adopted"})}


def state_label(procedure: str, state: str) -> str:
    """The name of `state` in `procedure`."""
    return str(PROCEDURE_STATES.get((procedure, state), STATES.get(state, state)))


def is_open(procedure: str, state: str) -> bool:
    """Whether a procedure in `state` still awaits something."""
    return state not in PROCEDURE_CLOSED_STATES.get(procedure, CLOSED_STATES)


KINDS = {
    "annual-contribution": _("Jaarlijkse bijdrage"),
    "capacity-contribution": _("Bijdrage voor niet geleverde capaciteit"),
    "variable-contribution": _("Variabele bijdrage"),
    "disintegration-costs": _("Frictiekosten bij uittreding"),
    "mediation-costs": _("Kosten mediation"),
}

SEVERITIES = {"error": _("Fout"), "warning": _("Waarschuwing"), "info": _("Informatie")}
SEVERITY_BADGES = {"error": "danger", "warning": "warning", "info": "neutral"}

CATEGORIES = {
    "deadlines": _("Termijnen"),
    "procedures": _("Procedures"),
    "amounts": _("Bedragen"),
    "findings": _("Bevindingen"),
}
CATEGORY_SINGULAR = {
    "deadlines": _("Termijn"),
    "procedures": _("Procedure"),
    "amounts": _("Bedrag"),
    "findings": _("Bevinding"),
}

FACTS = {
    "signed": _("Ondertekend"),
    "evaluation-completed": _("Evaluatie uitgevoerd"),
    "meeting-held": _("Vergadering gehouden"),
    "meeting-planned": _("Vergadering gepland"),
    "meeting-cancelled": _("Vergadering afgelast"),
    "chair-elected": _("Voorzitter gekozen"),
    "core-group-composed": _("Kerngroep samengesteld"),
    "dispute-notified": _("Geschil gemeld"),
    "dispute-resolved": _("Geschil opgelost"),
    "mediation-started": _("Mediation gestart"),
    "dispute-submitted-to-gs": _("Geschil voorgelegd aan GS"),
    "mediation-costs": _("Kosten mediation"),
    "withdrawal-notified": _("Uittreding opgezegd"),
    "withdrawal-consented": _("Ingestemd met uittreding"),
    "withdrawal-obligation-waived": _("Financiële verplichting kwijtgescholden"),
    "amendment-requested": _("Wijziging aangevraagd"),
    "amendment-decided": _("Besluit over wijziging"),
    "budget-drafted": _("Begroting opgesteld"),
    "budget-consented": _("Ingestemd met begroting"),
    "budget-decided": _("Besluit over de begroting"),
    "budget-adopted": _("Begroting vastgesteld in de programmabegroting"),
    "cost-per-fte": _("Kosten per fte"),
    "capacity-not-supplied": _("Capaciteit niet geleverd"),
    "extra-cost": _("Extra werkgeverskosten"),
    "disintegration-costs-agreed": _("Frictiekosten afgesproken"),
    "commitment-made": _("Verplichting aangegaan"),
    "staff-employed": _("Aanstelling bij de gastheerorganisatie"),
}

FIELDS = {
    "fact": _("Soort feit"),
    "party": _("Partij"),
    "parties": _("Partijen"),
    "date": _("Datum"),
    "by": _("Door partij"),
    "against": _("Tegen welke partijen"),
    "dispute": _("Kenmerk geschil"),
    "amendment": _("Kenmerk wijziging"),
    "end_date": _("Nieuwe einddatum (bij verlenging)"),
    "effective_date": _("Gaat in op (parameters)"),
    "parameters": _("Nieuwe waarden van parameters"),
    "decision": _("Besluit"),
    "year": _("Jaar"),
    "amount": _("Bedrag in euro"),
    "body": _("Orgaan"),
    "category": _("Categorie"),
    "years": _("Vrijgestelde jaren (leeg: alle jaren na het besluit)"),
    "kinds": _("Vrijgestelde bijdragen (leeg: beide)"),
    "lines": _("Begrotingsposten"),
    "ref": _("Kenmerk"),
    "line": _("Begrotingspost"),
    "counterparty": _("Wederpartij"),
    "mandate": _("Mandaat"),
    "approved": _("Goedgekeurd op"),
    "role": _("Functie"),
    "fte": _("Omvang in fte"),
    "scale": _("Schaal"),
    "until": _("In dienst tot en met"),
}

# Units of the agreement's parameters.
UNITS = {
    "EUR": _("euro"),
    "fte": _("fte"),
    "months": _("maanden"),
    "weeks": _("weken"),
    "years": _("jaar"),
    "meetings": _("vergaderingen"),
    "parties": _("partijen"),
}

BODIES = {
    "board": _("Bestuurlijk overleg"),
    "core-group": _("Kerngroep"),
    "policy-meeting": _("Beleidsoverleg"),
    "project-group": _("Projectgroep"),
}
DECISIONS = {"consent": _("instemming"), "refuse": _("weigering")}

MEMBERSHIP_ROLES = {
    "chair": _("voorzitter"),
    "secretary": _("secretaris"),
    "member": _("lid"),
    "observer": _("deelnemer zonder stem"),
    "principal": _("opdrachtgever"),
}

ROLES = {
    "secretariat": _("secretariaat"),
    "chair": _("voorzitter"),
    "representative": _("vertegenwoordiger"),
    "finance": _("financiën"),
    "observer": _("waarnemer"),
}


# The words the rules use as names of the values a step used (`Step.parameters`; the agreement's own
# parameters are dotted keys like `board.meetings_per_year` and are shown as they are).
STEP_VALUES = {
    "partijen": _("partijen"),
    "totaal": _("totaal"),
    "maanden": _("maanden"),
    "kostenniveau per fte": _("kostenniveau per fte"),
}


def label(table: dict[str, object], code: object) -> str:
    """The label of `code` in `table`, or the code itself when it has none."""
    return str(table.get(str(code), code))
