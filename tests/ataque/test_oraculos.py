"""Defect 5 of issue 14: step 1 and step 2 do not tell which usernames exist."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import TOTP

from tests.factories import paso1

pytestmark = pytest.mark.django_db


def test_step2_shows_the_username_as_typed(client, secundario):
    paso1(client, "MGUERRERO")
    body = client.get("/ingreso/clave/").content.decode()
    assert "MGUERRERO" in body and "mguerrero" not in body
    paso1(client, "NoExiste")
    assert "NoExiste" in client.get("/ingreso/clave/").content.decode()


def _trabajo(username: str, codigo: str) -> tuple[list[str], int]:
    """The SQL statement kinds step 1 runs and how many TOTP checks it makes."""
    real = TOTP.verify
    with mock.patch.object(TOTP, "verify", autospec=True, side_effect=real) as verificar, \
            CaptureQueriesContext(connection) as consultas:
        r = paso1(Client(), username, codigo)
    assert r.status_code == 302
    # Compare the statements (their verbs, in order), not the parameters.
    formas = [q["sql"].split()[0] for q in consultas.captured_queries]
    return formas, verificar.call_count


def _malo(device) -> str:
    from tests.factories import codigo_fresco

    bueno = codigo_fresco(device)
    return next(c for c in ("000000", "111111", "222222") if c != bueno)


def test_wrong_code_same_queries_and_code_check_for_known_and_unknown(admin, secundario):
    codigo = _malo(admin.device)
    conocido, n_conocido = _trabajo("adelgado", codigo)
    sin_token, n_sin_token = _trabajo("mguerrero", codigo)
    desconocido, n_desconocido = _trabajo("noexiste1", codigo)
    assert conocido == sin_token == desconocido
    assert n_conocido == n_sin_token == n_desconocido == 1


def test_no_code_same_queries_for_known_and_unknown(admin, secundario):
    conocido, n1 = _trabajo("adelgado", "")
    sin_token, n2 = _trabajo("mguerrero", "")
    desconocido, n3 = _trabajo("noexiste2", "")
    assert conocido == sin_token == desconocido
    assert n1 == n2 == n3 == 0


def _trabajo_olvido(username: str, codigo: str) -> tuple[list[str], int]:
    """The same for ¿Olvidó su clave?: its step 1 must not be a username oracle either."""
    real = TOTP.verify
    with mock.patch.object(TOTP, "verify", autospec=True, side_effect=real) as verificar, \
            CaptureQueriesContext(connection) as consultas:
        r = Client().post("/ayudas/olvido-clave/", {"username": username, "codigo": codigo,
                                                    "identificacion": "123"})
    assert r.status_code == 200
    return [q["sql"].split()[0] for q in consultas.captured_queries], verificar.call_count


def test_forgot_password_wrong_code_same_queries_for_known_and_unknown(admin, secundario):
    codigo = _malo(admin.device)
    conocido, n_conocido = _trabajo_olvido("adelgado", codigo)
    sin_token, n_sin_token = _trabajo_olvido("mguerrero", codigo)
    desconocido, n_desconocido = _trabajo_olvido("noexiste3", codigo)
    assert conocido == sin_token == desconocido
    assert n_conocido == n_sin_token == n_desconocido == 1
