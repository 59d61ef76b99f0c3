"""The answer cache (records.answers): an answer is served again only while nothing it depends on changed, and
only to viewers who may see the same facts (issue 11). The test across real processes is in tests/ops."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from django.core.management import call_command

from samen.accounts.models import Role, User
from samen.accounts.permissions import fact_scope
from samen.agreements import registry
from samen.parties.models import Party
from samen.records import answers
from samen.records.queries import evaluate_recorded, recorded_facts
from samen.records.services import record_fact

AS_OF = date(2026, 11, 28)


def fresh(agreement, actor=None, language="nl"):
    """The answer computed now, past the cache: what a cached answer must equal."""
    return evaluate_recorded(agreement, as_of=AS_OF, actor=actor, language=language).to_json()


def representative(code: str, name: str = "") -> User:
    party = Party.objects.get(code=code)
    return User.objects.create_user(username=name or f"rep-{code}", password="x", role=Role.REPRESENTATIVE, party=party)


@pytest.fixture
def database_cache(settings, db):
    """The shared level as deployed: Django's database cache table (tests otherwise get a cache in memory)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "samen_cache"}}
    call_command("createcachetable", verbosity=0)


def test_the_second_read_is_served_from_memory_and_is_the_same_answer(demo):
    answers.clear()  # loading the demo read answers (its invoices)
    first = answers.answer_json(demo, as_of=AS_OF)
    second = answers.answer_json(demo, as_of=AS_OF)
    assert second is first
    assert answers.stats() == answers.Stats(memory=1, shared=0, computed=1)
    assert first == fresh(demo)


def test_a_write_through_a_service_is_shown_by_the_next_read(demo):
    answers.clear()
    before = answers.answer_json(demo, as_of=AS_OF)
    record_fact(actor="system:test", agreement=demo, raw={"fact": "evaluation-completed", "date": "2026-11-20"})
    after = answers.answer_json(demo, as_of=AS_OF)
    assert answers.stats().computed == 2 and answers.stats().memory == 0
    assert after != before and after == fresh(demo)
    evaluation = [d for d in after["deadlines"] if d["id"] == "deadline.term.evaluation-due"]
    assert evaluation and evaluation[0]["met_on"] == "2026-11-20"


def test_the_shared_table_serves_another_process_and_a_write_moves_its_key(demo, database_cache):
    computed = answers.answer_json(demo, as_of=AS_OF)
    answers.clear()  # what another app process starts with: nothing in its memory, the same database
    shared = answers.answer_json(demo, as_of=AS_OF)
    assert answers.stats() == answers.Stats(memory=0, shared=1, computed=0)
    assert shared == computed == fresh(demo)
    record_fact(actor="system:test", agreement=demo, raw={"fact": "evaluation-completed", "date": "2026-11-20"})
    answers.clear()
    after = answers.answer_json(demo, as_of=AS_OF)
    assert answers.stats() == answers.Stats(memory=0, shared=0, computed=1)
    assert after == fresh(demo) != computed


def test_the_key_holds_the_date_language_settings_and_definition(demo, settings, tmp_path):
    version = answers.facts_version()

    def key(**changes):
        args = {"as_of": AS_OF, "settings": None, "language": "nl", "actor": None, "version": version, **changes}
        return answers.answer_key(demo, **args)

    base = key()
    others = [key(as_of=date(2026, 11, 29)), key(language="en"), key(settings={"chair_is_party": "yes"}), key(version="0")]
    assert len({base, *others}) == 5
    assert answers.answer_json(demo, as_of=AS_OF, language="en") == fresh(demo, language="en") != fresh(demo)
    # A changed definition file (after a restart: the definition is read once per process) makes another key.
    changed = tmp_path / "agreements"
    shutil.copytree(registry.definition_path(demo.slug).parent, changed)
    path = changed / f"{demo.slug}.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    settings.SAMEN_AGREEMENTS_DIR = str(changed)
    registry.definition.cache_clear()
    try:
        assert key() != base
    finally:
        settings.SAMEN_AGREEMENTS_DIR = str(registry.definition_path(demo.slug).parent)
        registry.definition.cache_clear()


@pytest.fixture
def scoped(demo):
    """The demo with a dispute between Almelo and Oldenzaal and a capacity shortfall of Almelo: facts that some
    viewers may see and others not (permissions.may_view_fact), and representatives of both and of Hengelo."""
    record_fact(
        actor="system:test",
        agreement=demo,
        raw={"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0173"], "date": "2026-11-02"},
    )
    record_fact(actor="system:test", agreement=demo, raw={"fact": "capacity-not-supplied", "party": "GM0141", "year": 2026})
    users = {u.username: u for u in User.objects.all()}
    users |= {"rep-GM0141": representative("GM0141"), "rep-GM0173": representative("GM0173")}
    return demo, users


def test_a_cached_answer_never_reaches_a_viewer_who_sees_other_facts(scoped):
    agreement, users = scoped
    order = ["secretariaat", "voorzitter", "financien", "hengelo", "rep-GM0141", "rep-GM0173", "waarnemer"]
    seen = {}
    for _ in range(2):  # the second round is served from memory: still each viewer's own answer
        for name in order:
            answer = answers.answer_json(agreement, as_of=AS_OF, actor=users[name])
            assert answer == fresh(agreement, users[name]), name
            seen[name] = answer
    assert answers.stats().memory >= len(order)
    # The viewers really see different things, so a shared answer would have shown.
    assert any(p["ref"] == "G-1" for p in seen["secretariaat"]["procedures"])
    assert not any(p["ref"] == "G-1" for p in seen["hengelo"]["procedures"])
    assert any(p["ref"] == "G-1" for p in seen["rep-GM0141"]["procedures"])
    assert seen["rep-GM0141"] != seen["rep-GM0173"] != seen["hengelo"] != seen["waarnemer"]


def test_viewers_with_the_same_scope_see_the_same_facts_and_others_do_not(scoped):
    agreement, users = scoped
    extra = {"anon": None, "system": "system:test", "second-GM0141": representative("GM0141", "second-GM0141")}
    by_scope: dict[str, list] = {}
    for name, user in {**users, **extra}.items():
        actor = user if user is not None else _anonymous()
        facts = recorded_facts(agreement, actor=actor)
        scope = fact_scope(actor)
        if scope in by_scope:
            assert by_scope[scope] == facts, name
        by_scope[scope] = facts
    assert len(by_scope) == len(users) + len(extra) - 1  # one scope per viewer, but the two of Almelo share one
    assert by_scope[fact_scope(users["rep-GM0141"])] != by_scope[fact_scope(users["rep-GM0173"])]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_reading_pages_never_changes_a_cached_answer(scoped, client):
    from tests.two_factor import log_in

    agreement, users = scoped
    log_in(client, "secretariaat")
    for url in ("/", "/overeenkomst/", "/uitleg/procedure.dispute.G-1/", "/financien/begroting/", "/procedures/"):
        assert client.get(f"{url}?as_of={AS_OF.isoformat()}").status_code == 200, url
    cached = answers.answer_json(agreement, as_of=AS_OF, actor=users["secretariaat"])
    assert answers.stats().memory >= 1
    assert cached == fresh(agreement, users["secretariaat"])


def test_the_apis_kept_facts_list_shows_a_write_at_once_and_only_each_viewers_facts(scoped):
    """GET .../facts keeps the list per viewer under the audit head (samen.api.list_facts): a fact recorded through
    a service is in the next list, and each viewer's list is exactly what `recorded_facts` gives them."""
    from django.test import Client

    from samen.accounts.services import create_api_token
    from samen.records.models import RecordedFact
    from samen.records.queries import fact_view, visible_records

    agreement, users = scoped
    clients = {}
    for name in ("secretariaat", "rep-GM0141", "rep-GM0173", "waarnemer"):
        _token, key = create_api_token(actor="system:test", username=name, label="test")
        clients[name] = (Client(), {"Authorization": f"Bearer {key}"})

    def listed(name: str) -> list[str]:
        client, headers = clients[name]
        body = client.get(f"/api/v1/agreements/{agreement.slug}/facts?pageSize=100", headers=headers).json()
        assert body["totalItems"] == len(body["items"])
        return sorted(json.dumps(item["fact"], sort_keys=True) for item in body["items"] if not item["withdrawn"])

    def expected(name: str) -> list[str]:  # computed now, past the kept list
        rows = visible_records(users[name], RecordedFact.objects.filter(agreement=agreement, correction__isnull=True))
        return sorted(json.dumps(fact_view(users[name], r)["fact"], sort_keys=True) for r in rows)

    for _ in range(2):  # the second round is the kept lists
        for name in clients:
            assert listed(name) == expected(name), name
    assert listed("rep-GM0141") != listed("rep-GM0173")
    record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "dispute-notified", "dispute": "G-2", "by": "GM0173", "against": ["GM0141"], "date": "2026-11-20"},
    )
    for name in clients:
        facts = listed(name)
        assert facts == expected(name), name
        assert any('"G-2"' in f for f in facts) == (name in ("secretariaat", "rep-GM0141", "rep-GM0173")), name


def test_an_agreement_is_read_once_per_head_and_each_caller_gets_its_own_copy(demo, django_assert_num_queries):
    version = answers.facts_version()
    first = answers.agreement_at(version, slug=demo.slug)
    assert first is not None and first.pk == demo.pk
    first.citation_title = "changed by one caller"  # a caller changing its copy changes no one else's
    with django_assert_num_queries(0):
        again = answers.agreement_at(version, slug=demo.slug)
    assert again is not first and again.citation_title == demo.citation_title
    assert answers.agreement_at(version, slug="no-such-agreement") is None
    # A write through a service moves the head, and the agreement is read again under it.
    record_fact(actor="system:test", agreement=demo, raw={"fact": "evaluation-completed", "date": "2026-11-21"})
    later = answers.facts_version()
    assert later != version
    with django_assert_num_queries(1):
        assert answers.agreement_at(later, pk=demo.pk).slug == demo.slug
