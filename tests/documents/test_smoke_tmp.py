from tests.two_factor import log_in


def test_smoke(client, demo):
    from samen.documents.models import Document

    d = Document.objects.get()
    log_in(client, "secretariaat")
    r = client.get(f"/vergaderingen/{d.meeting_id}/")
    assert r.status_code == 200, r.content
    print(r.content.decode()[-6000:])
    r = client.get(f"/documenten/{d.public_id}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    print(r.headers)
    r = client.get(f"/documenten/{d.public_id}/versies/")
    assert r.status_code == 200, r.content
