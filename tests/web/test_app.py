"""The app starts on an empty store, serves its home page and its own assets, and sets the
safety headers on every response."""

from __future__ import annotations


def test_home_page_has_the_upload_form(client):
    r = client.get("/")
    assert r.status_code == 200
    assert 'action="/upload"' in r.text and 'name="files"' in r.text


def test_every_response_carries_the_content_security_policy(client):
    for path in ("/", "/static/style.css", "/openapi.json"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_serve_refuses_a_public_address_without_a_token():
    from click.testing import CliRunner

    from budgetlens.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env={"BUDGETLENS_TOKEN": ""})
    assert result.exit_code != 0
    assert "access token" in result.output
