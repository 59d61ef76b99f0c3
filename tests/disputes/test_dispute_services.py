"""Disputes as a guided path (issue 9, art. 14): services, their refusals, the audit chain, visibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from samen.accounts.models import User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.core.errors import Conflict, InvalidInput, NotAllowed, NotFound, Refused
from samen.disputes import queries, services
from samen.disputes.models import Dispute, DisputeStep
from samen.records.models import RecordedFact
from samen.records.queries import evaluate_recorded

pytestmark = pytest.mark.django_db

ALMELO, BORNE, ENSCHEDE, HENGELO = "GM0141", "GM0147", "GM0153", "GM0164"


def _user(name):
    return User.objects.get(username=name)


def _notify(agreement, actor=None, ref="G-2026-1", **kw):
    args = {
        "actor": actor or _user("secretariaat"),
        "agreement": agreement,
        "ref": ref,
        "by": ALMELO,
        "against": [BORNE],
        "received_on": date(2026, 3, 2),
        "subject": "Verdeling van de inzet op toezicht",
        "proposed_solution": "Verdeling naar fte zoals in 2025",
    }
    return services.notify_dispute(**{**args, **kw})


def _state(agreement, ref="G-2026-1", as_of=date(2026, 3, 10)):
    answer = evaluate_recorded(agreement, as_of=as_of)
    return next(p for p in answer.procedures if p.procedure == "dispute" and p.ref == ref).state


def test_notice_stores_the_fact_and_its_texts_once_with_audit(demo):
    before = AuditEntry.objects.count()
    d = _notify(demo)
    assert d.ref == "G-2026-1"
    assert d.involved == (ALMELO, BORNE)
    assert d.notice.payload == {"fact": "dispute-notified", "dispute": "G-2026-1", "by": ALMELO, "against": [BORNE], "date": "2026-03-02"}
    # The texts are on the rich record only; the parties and date on the fact only.
    assert "subject" not in d.notice.payload
    assert not hasattr(d, "by")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert actions == ["fact.dispute-notified", "dispute.notify"]
    assert _state(demo) == "chair-phase"
    assert audit.replay() == []


def test_notice_refusals_name_field_and_write_nothing(demo):
    facts = RecordedFact.objects.count()
    with pytest.raises(InvalidInput) as e:
        _notify(demo, subject="  ")
    assert (e.value.code, e.value.field) == ("dispute.required", "subject")
    with pytest.raises(Refused) as e:
        _notify(demo, against=[ALMELO])
    assert (e.value.code, e.value.field) == ("art-14.dispute-with-itself", "against")
    with pytest.raises(InvalidInput) as e:
        _notify(demo, ref="geen spaties")
    assert e.value.field == "dispute"
    _notify(demo)
    with pytest.raises(InvalidInput) as e:
        _notify(demo)
    assert e.value.code == "scenario.duplicate-ref"
    assert RecordedFact.objects.count() == facts + 1
    assert Dispute.objects.count() == 1


def test_only_secretariat_and_chair_record(demo):
    for name in ("hengelo", "financien", "waarnemer"):
        with pytest.raises(NotAllowed):
            _notify(demo, actor=_user(name))
    _notify(demo, actor=_user("voorzitter"))


def test_walk_from_notice_to_resolution_with_mail(demo, mailoutbox, django_capture_on_commit_callbacks):
    User.objects.filter(username__in=["secretariaat", "voorzitter", "hengelo"]).update(email="x@example.org")
    User.objects.filter(username="secretariaat").update(email="secretariaat@example.org")
    User.objects.filter(username="hengelo").update(email="hengelo@example.org")
    sec = _user("secretariaat")
    _notify(demo, by=ALMELO, against=[HENGELO])
    services.record_chair_phase(actor=_user("voorzitter"), agreement=demo, ref="G-2026-1", chaired_by="Voorzitter BO", on=date(2026, 3, 5))
    with pytest.raises(Conflict):
        services.record_chair_phase(actor=sec, agreement=demo, ref="G-2026-1", chaired_by="Iemand", on=date(2026, 3, 6))
    assert _state(demo) == "chair-phase"
    assert _state(demo, as_of=date(2026, 5, 1)) == "mediation-pending"
    services.start_mediation(actor=sec, agreement=demo, ref="G-2026-1", mediator="Mr. A. Bemiddelaar", started_on=date(2026, 5, 1))
    assert _state(demo, as_of=date(2026, 5, 2)) == "mediation"
    services.record_mediation_costs(actor=sec, agreement=demo, ref="G-2026-1", amount=Decimal("1000.01"), on=date(2026, 6, 1))
    with pytest.raises(Refused) as e:
        services.submit_to_gs(actor=sec, agreement=demo, ref="G-2026-1", by=ENSCHEDE, submitted_on=date(2026, 8, 2))
    assert (e.value.code, e.value.field) == ("art-14.not-involved", "by")
    services.submit_to_gs(actor=sec, agreement=demo, ref="G-2026-1", by=HENGELO, submitted_on=date(2026, 8, 3))
    assert _state(demo, as_of=date(2026, 8, 4)) == "with-gs"
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve(
            actor=sec, agreement=demo, ref="G-2026-1", resolved_on=date(2026, 10, 1), outcome="GS besliste: verdeling naar fte."
        )
    assert _state(demo, as_of=date(2026, 10, 2)) == "resolved"
    to = sorted(m.to[0] for m in mailoutbox)
    assert to == ["hengelo@example.org", "secretariaat@example.org", "x@example.org"]
    assert "GS besliste" in mailoutbox[0].body
    with pytest.raises(Refused) as e:
        services.start_mediation(actor=sec, agreement=demo, ref="G-2026-1", mediator="X", started_on=date(2026, 10, 5))
    assert e.value.code == "art-14.resolved"
    kinds = list(DisputeStep.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["chair-phase", "mediation", "costs", "gs", "resolution"]
    assert audit.replay() == []
    # The rules split the costs equally between the two parties (art. 14 lid 6).
    answer = evaluate_recorded(demo, as_of=date(2026, 10, 2)).to_json()
    shares = sorted(a["amount"] for a in answer["amounts"] if a["kind"] == "mediation-costs")
    assert shares == ["500.00", "500.01"]


def test_mediation_costs_need_mediation_and_finance_right(demo):
    _notify(demo)
    with pytest.raises(Refused) as e:
        services.record_mediation_costs(
            actor=_user("secretariaat"), agreement=demo, ref="G-2026-1", amount=Decimal("10"), on=date(2026, 4, 1)
        )
    assert e.value.code == "art-14.no-mediation"
    with pytest.raises(NotAllowed):
        services.record_mediation_costs(
            actor=_user("voorzitter"), agreement=demo, ref="G-2026-1", amount=Decimal("10"), on=date(2026, 4, 1)
        )


def test_step_date_before_notice_refused(demo):
    _notify(demo)
    with pytest.raises(InvalidInput) as e:
        services.start_mediation(actor=_user("secretariaat"), agreement=demo, ref="G-2026-1", mediator="M", started_on=date(2026, 3, 1))
    assert e.value.field == "date"
    assert not DisputeStep.objects.exists()


def test_unknown_or_invisible_dispute_is_not_found(demo):
    with pytest.raises(NotFound):
        services.start_mediation(actor=_user("secretariaat"), agreement=demo, ref="G-9", mediator="M", started_on=date(2026, 4, 1))


def test_visibility_and_next_steps(demo):
    _notify(demo)  # Almelo with Enschede: Hengelo is not involved
    as_of = date(2026, 3, 10)
    assert queries.visible(_user("hengelo"), demo, as_of) == []
    assert queries.one(_user("hengelo"), demo, "G-2026-1", as_of) is None
    assert queries.next_steps(_user("hengelo"), demo, as_of) == []
    seen = queries.visible(_user("voorzitter"), demo, as_of)
    assert [x["ref"] for x in seen] == ["G-2026-1"]
    assert seen[0]["steps"][0] == "chair-phase"
    steps = queries.next_steps(_user("secretariaat"), demo, as_of)
    assert steps == [
        {
            "title": steps[0]["title"],
            "url": "/geschillen/G-2026-1/#stap-chair-phase",
            "deadline": date(2026, 4, 13),
            "articles": ("art. 14 lid 3",),
        }
    ]
    _notify(demo, ref="G-2026-2", by=HENGELO, against=[ALMELO])
    assert [x["ref"] for x in queries.visible(_user("hengelo"), demo, as_of)] == ["G-2026-2"]
    assert queries.visible(_user("hengelo"), demo, as_of)[0]["steps"] == []  # a representative reads, does not record


def test_dispute_notified_on_the_command_line_gets_its_record_at_the_next_step(demo):
    from samen.records import services as records

    records.record_fact(
        actor="system:test",
        agreement=demo,
        raw={"fact": "dispute-notified", "dispute": "G-CLI", "by": ALMELO, "against": [ENSCHEDE], "date": "2026-03-02"},
    )
    services.start_mediation(actor=_user("secretariaat"), agreement=demo, ref="G-CLI", mediator="M", started_on=date(2026, 3, 20))
    d = Dispute.objects.get()
    assert d.ref == "G-CLI" and d.subject == ""
    assert audit.replay() == []


def test_chair_is_party_skips_the_chair_phase(demo):
    """The demo board's chair represents Enschede (art. 5 lid 5): in a dispute of Enschede mediation comes first (art. 14 lid 4)."""
    _notify(demo, against=[ENSCHEDE])
    assert _state(demo) == "mediation-pending"
    with pytest.raises(Refused) as e:
        services.record_chair_phase(actor=_user("voorzitter"), agreement=demo, ref="G-2026-1", chaired_by="V", on=date(2026, 3, 5))
    assert (e.value.code, e.value.field, e.value.article) == ("art-14.chair-is-party", "chaired_by", "art. 14 lid 4")
    seen = queries.visible(_user("secretariaat"), demo, date(2026, 3, 10))[0]
    assert seen["chair_involved"] and seen["steps"] == ["mediation", "resolution"]


def test_api_walks_a_dispute_and_hides_it(demo):
    from samen.accounts.models import User
    from tests.web.web_helpers import client_for

    base = "/api/v1/agreements/twente-vth-2024/disputes"
    sec = client_for("secretariaat")
    notice = {
        "ref": "G-API",
        "by": ALMELO,
        "against": [BORNE],
        "received_on": "2026-03-02",
        "subject": "Uren",
        "proposed_solution": "Naar fte",
    }
    r = sec.post(base, notice, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["by"] == ALMELO and body["subject"] == "Uren"
    r = sec.post(f"{base}/G-API/mediation", {"mediator": "M", "started_on": "2026-03-01"}, content_type="application/json")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["invalidParams"][0]["name"] == "date"
    r = sec.post(f"{base}/G-API/mediation", {"mediator": "M", "started_on": "2026-04-20"}, content_type="application/json")
    assert r.status_code == 201
    r = sec.post(f"{base}/G-API/mediation-costs", {"amount": "100.01", "date": "2026-05-01"}, content_type="application/json")
    assert r.status_code == 201
    assert sorted(c["amount"] for c in r.json()["mediation_costs"]) == ["50.00", "50.01"]
    r = sec.post(f"{base}/G-API/resolution", {"resolved_on": "2026-06-01", "outcome": "Opgelost"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "resolved"
    assert [s["kind"] for s in r.json()["steps"]] == ["dispute-notified", "mediation-started", "mediation-costs", "dispute-resolved"]
    hengelo = client_for("hengelo")
    assert hengelo.get(base).json()["items"] == []
    assert hengelo.get(f"{base}/G-API").status_code == 404
    assert (
        hengelo.post(f"{base}/G-API/gs", {"by": ALMELO, "submitted_on": "2026-05-01"}, content_type="application/json").status_code == 403
    )
    assert User.objects.filter(username="hengelo").exists()
