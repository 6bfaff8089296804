"""GET /healthz: 200 when the database answers, 503 when it does not; open to all, nothing secret."""

from unittest import mock

from django.db import OperationalError, connections
from django.test import Client


def test_it_answers_ok_when_the_database_answers(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_it_answers_503_when_the_database_does_not(db):
    # given a database that refuses connections
    refused = mock.patch.object(
        connections["default"], "ensure_connection", side_effect=OperationalError("connection refused")
    )
    # when
    with refused:
        response = Client().get("/healthz")
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_it_answers_over_plain_http_where_every_page_redirects_to_https(db, settings):
    # given a server that sends every page to https
    settings.SECURE_SSL_REDIRECT = True
    # then a monitor asking over http from inside still gets its answer
    assert Client().get("/login/").status_code == 301
    assert Client().get("/healthz").status_code == 200


def test_it_only_reads(db):
    assert Client().post("/healthz").status_code == 405
