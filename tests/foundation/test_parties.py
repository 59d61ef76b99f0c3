"""Parties and art. 8: the membership is closed, and every interface refuses the same way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from samen import cli
from samen.accounts.models import Role, User
from samen.audit.models import AuditEntry
from samen.core.errors import Refused
from samen.parties import services
from samen.parties.models import Party
from tests.two_factor import log_in, pass_code_step

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_definition_creates_the_15_parties_once(twente):
    from samen.agreements.services import load_definition

    assert Party.objects.filter(agreement=twente).count() == 15
    entries = AuditEntry.objects.count()
    load_definition(actor="system:test", slug="twente-vth-2024")
    assert Party.objects.filter(agreement=twente).count() == 15
    assert AuditEntry.objects.count() == entries, "loading again must change nothing"
    hengelo = Party.objects.get(agreement=twente, code="GM0164")
    assert hengelo.people.get().name == "de heer Jan Eshuis"


def test_art_8_service_refuses_a_party_the_agreement_does_not_list(twente):
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused) as e:
        services.add_party(actor="system:test", agreement=twente, code="GM0344", name="Utrecht")
    assert e.value.code == "art-8.closed-membership"
    assert e.value.article == "art. 8 lid 1"
    assert not Party.objects.filter(code="GM0344").exists()
    assert AuditEntry.objects.count() == entries


def test_art_8_a_listed_party_already_present_is_refused_too(twente):
    with pytest.raises(Refused) as e:
        services.add_party(actor="system:test", agreement=twente, code="GM0164")
    assert e.value.code == "party.exists"


def test_art_8_cli_exits_1_citing_closed_membership(twente, capsys):
    code = cli.main(["parties", "add", "--code", "GM0344", "--name", "Utrecht"])
    err = capsys.readouterr().err
    assert code == 1
    assert "art-8.closed-membership" in err


@pytest.mark.django_db(transaction=True)
def test_art_8_installed_cli_on_a_fresh_database(tmp_path):
    """The real `samen` command, in its own process, on a database it sets up itself."""
    env = {**os.environ, "SAMEN_VAR_DIR": str(tmp_path), "SAMEN_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    samen = [sys.executable, "-m", "samen.cli"]
    setup = subprocess.run([*samen, "setup", "--no-static"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert setup.returncode == 0, setup.stderr
    add = subprocess.run(
        [*samen, "parties", "add", "--code", "GM0344", "--name", "Utrecht"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert add.returncode == 1
    assert "art-8.closed-membership" in add.stderr
    verify = subprocess.run([*samen, "audit", "verify"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert verify.returncode == 0, verify.stderr
    again = subprocess.run([*samen, "setup", "--no-static"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert again.returncode == 0, again.stderr
    listed = subprocess.run([*samen, "parties", "list"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert len(listed.stdout.strip().splitlines()) == 15


def test_art_8_api_answers_problem_json_with_the_same_code(client, demo):
    log_in(client, "secretariaat")
    response = client.post(
        "/api/v1/agreements/twente-vth-2024/parties", {"code": "GM0344", "name": "Utrecht"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "art-8.closed-membership"
    assert body["article"] == "art. 8 lid 1"
    assert body["invalidParams"][0]["name"] == "code"
    assert not Party.objects.filter(code="GM0344").exists()


def test_api_lists_the_parties_and_requires_login(client, demo):
    assert client.get("/api/v1/agreements/twente-vth-2024/parties").status_code == 401
    log_in(client, "hengelo")
    codes = [p["code"] for p in client.get("/api/v1/agreements/twente-vth-2024/parties").json()["items"]]
    assert len(codes) == 15 and codes[0] == "GM0141" and "PV23" in codes


def test_api_refuses_adding_parties_to_a_representative(client, demo):
    log_in(client, "hengelo")
    url = "/api/v1/agreements/twente-vth-2024/parties"
    # Art. 8 answers whoever asks: the list of parties is closed (and public).
    outsider = client.post(url, {"code": "GM0344"}, content_type="application/json")
    assert outsider.status_code == 400
    assert outsider.json()["code"] == "art-8.closed-membership"
    # A listed party: the role decides, and a representative may not manage parties.
    listed = client.post(url, {"code": "GM0141"}, content_type="application/json")
    assert listed.status_code == 403
    assert listed.json()["code"] == "auth.forbidden"


def test_art_8_admin_shows_the_same_error(client, twente):
    admin = User.objects.create_superuser("beheerder", "beheer@example.org", "een-lang-wachtwoord", role=Role.SECRETARIAT)
    client.force_login(admin)
    pass_code_step(client, "beheerder")  # a superuser passes the second factor too
    response = client.post("/beheer/parties/party/add/", {"agreement": twente.pk, "code": "GM0344", "name": "Utrecht"})
    assert response.status_code == 200
    assert "art-8.closed-membership" in response.content.decode()
    assert not Party.objects.filter(code="GM0344").exists()


def test_signature_is_recorded_once_and_audited(twente):
    party = Party.objects.get(agreement=twente, code="GM0168")
    sig = services.record_signature(actor="system:test", party=party, signed_on=date(2024, 10, 20))
    assert sig.signed_by is not None and sig.signed_by.name == "de heer Jelmer van Dam"
    assert AuditEntry.objects.filter(action="signature.record", object_id=str(sig.pk)).exists()
    with pytest.raises(Refused):
        services.record_signature(actor="system:test", party=party, signed_on=date(2024, 10, 21))


def test_a_second_agreement_loads_from_its_own_file(db, settings):
    from samen.agreements import registry
    from samen.agreements.services import load_definition

    settings.SAMEN_AGREEMENTS_DIR = ROOT / "tests" / "fixtures" / "agreements"
    registry.definition.cache_clear()
    try:
        made_up = load_definition(actor="system:test", slug="made-up-2025")
        assert list(Party.objects.filter(agreement=made_up).values_list("code", flat=True)) == ["GM9001", "GM9002", "PV99"]
        with pytest.raises(Refused) as e:
            services.add_party(actor="system:test", agreement=made_up, code="GM0153")
        assert e.value.code == "art-8.closed-membership"
    finally:
        registry.definition.cache_clear()


def test_problem_document_is_json_serialisable():
    err = Refused("art-8.closed-membership", "x", field="code", article="art. 8 lid 1")
    assert json.loads(json.dumps(err.problem()))["code"] == "art-8.closed-membership"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))


def test_add_person_is_audited_and_refuses_bad_input(twente):
    from samen.core.errors import InvalidInput, NotAllowed
    from samen.parties.models import Participant, Person

    person = services.add_person(actor="system:test", agreement=twente, name="Secretaris (voorbeeld)", function="secretaris")
    assert AuditEntry.objects.filter(action="person.add", object_id=str(person.pk)).exists()
    party, participant = Party.objects.filter(agreement=twente).first(), Participant.objects.filter(agreement=twente).first()
    count = Person.objects.count()
    with pytest.raises(InvalidInput) as e:
        services.add_person(actor="system:test", agreement=twente, name="X", party=party, participant=participant)
    assert e.value.field == "participant"
    with pytest.raises(InvalidInput):
        services.add_person(actor="system:test", agreement=twente, name="  ")
    with pytest.raises(NotAllowed):
        services.add_person(actor=User(username="w", role=Role.OBSERVER), agreement=twente, name="Y")
    assert Person.objects.count() == count
