"""`samen account create` and `samen account role`: an operator's first accounts, through the accounts service."""

from __future__ import annotations

import io

import pytest

from samen import cli
from samen.accounts.models import Role, User
from samen.audit.models import AuditEntry

STRONG = "een-lang-en-sterk-wachtwoord-2026"


def run(capsys, monkeypatch, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db(transaction=True)
def test_an_operator_creates_a_secretariat_account_that_is_audited(twente, capsys, monkeypatch):
    code, out, _ = run(
        capsys, monkeypatch, "account", "create", "j.jansen", "--role", "secretariat", "--password-stdin", stdin=STRONG + "\n"
    )
    assert code == 0, out
    user = User.objects.get(username="j.jansen")
    assert user.role == Role.SECRETARIAT and user.agreement == twente
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.filter(action="account.create", object_id=str(user.pk)).get()
    assert entry.actor == "system:cli" and "password" not in entry.after
    assert run(capsys, monkeypatch, "audit", "verify")[0] == 0  # the account has its entry: the replay agrees


@pytest.mark.django_db(transaction=True)
def test_a_representative_needs_a_known_party(twente, capsys, monkeypatch):
    code, _, err = run(
        capsys, monkeypatch, "account", "create", "a.borne", "--role", "representative", "--password-stdin", stdin=STRONG + "\n"
    )
    assert code == 2 and "account.party-required" in err and "veld: party" in err
    code, _, err = run(
        capsys,
        monkeypatch,
        *("account", "create", "a.borne", "--role", "representative", "--party", "GM9999", "--password-stdin"),
        stdin=STRONG + "\n",
    )
    assert code == 2 and "account.party-unknown" in err
    code, _, _ = run(
        capsys,
        monkeypatch,
        *("account", "create", "a.borne", "--role", "representative", "--party", "gm0147", "--password-stdin"),
        stdin=STRONG + "\n",
    )
    assert code == 0
    assert User.objects.get(username="a.borne").party.code == "GM0147"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("argv", "stdin", "code_text", "field"),
    [
        (("--role", "koning"), STRONG, "account.role", "role"),
        (("--role", "observer"), "kort", "account.password-weak", "password"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(twente, capsys, monkeypatch, argv, stdin, code_text, field):
    before = AuditEntry.objects.count()
    code, _, err = run(capsys, monkeypatch, "account", "create", "x.bad", *argv, "--password-stdin", stdin=stdin + "\n")
    assert code == 2
    assert code_text in err and f"veld: {field}" in err
    assert not User.objects.filter(username="x.bad").exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_the_role_of_an_account_changes_through_the_service(twente, capsys, monkeypatch):
    run(capsys, monkeypatch, "account", "create", "p.pieters", "--role", "observer", "--password-stdin", stdin=STRONG + "\n")
    code, out, _ = run(capsys, monkeypatch, "account", "role", "p.pieters", "--role", "finance")
    assert code == 0, out
    assert User.objects.get(username="p.pieters").role == Role.FINANCE
    assert AuditEntry.objects.filter(action="account.role-change").count() == 1
    assert run(capsys, monkeypatch, "account", "role", "niemand", "--role", "finance")[0] == 2
