"""Defect 3 of issue 14: wrong token codes at step 1 are audited and counted like a
wrong password; while django-otp's throttle holds, the owner is told how long to
wait and nothing is counted against them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from tests.factories import codigo_fresco, crear_usuario, login_portal, paso1

pytestmark = pytest.mark.django_db


def _malo(device) -> str:
    bueno = codigo_fresco(device)
    return next(c for c in ("000000", "111111", "222222", "333333") if c != bueno)


def _fallos(causa: str) -> int:
    return Evento.objects.filter(accion="INGRESO_FALLIDO", detalles__causa=causa).count()


def _sin_espera(device) -> None:
    # As if the throttle's delay had passed (instead of sleeping in a test).
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1)
    )


def test_every_wrong_code_is_audited_and_counted_then_blocks(client, admin):
    for n in (1, 2):
        r = paso1(Client(), "adelgado", _malo(admin.device))
        assert r.status_code == 302  # step 1 still never tells
        _sin_espera(admin.device)
        admin.refresh_from_db()
        assert admin.intentos_fallidos == n
        assert _fallos("token_invalido") == n
    paso1(Client(), "adelgado", _malo(admin.device))
    admin.refresh_from_db()
    assert admin.estado == Usuario.Estado.BLOQUEADO
    assert Evento.objects.get(accion="BLOQUEO").detalles == {"intentos": 3, "causa": "token_invalido"}


def test_step1_only_posts_leave_a_trace(admin):
    paso1(Client(), "adelgado", _malo(admin.device))
    evento = Evento.objects.get(accion="INGRESO_FALLIDO")
    assert evento.objetivo == admin and evento.detalles == {"causa": "token_invalido", "paso": 1}
    assert evento.ip == "127.0.0.1"


def test_owner_is_told_to_wait_and_the_wait_is_not_their_failure(client, admin):
    paso1(Client(), "adelgado", _malo(admin.device))  # somebody's wrong code throttles the token
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1
    r = paso1(client, "adelgado", codigo_fresco(admin.device))
    assert r.status_code == 200  # stays at step 1, and says why
    body = r.content.decode()
    assert "debe esperar 1 segundo(s)" in body
    assert 'value="adelgado"' in body
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1 and admin.estado == Usuario.Estado.ACTIVO
    assert _fallos("token_en_espera") == 1
    # After the wait the right code is accepted and the login goes through.
    _sin_espera(admin.device)
    assert login_portal(client, admin).url == "/inicio/"
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 0


def test_the_wait_grows_like_django_otp_and_is_told_in_seconds(admin):
    paso1(Client(), "adelgado", _malo(admin.device))
    _sin_espera(admin.device)
    paso1(Client(), "adelgado", _malo(admin.device))  # second failure: 2 s
    r = paso1(Client(), "adelgado", _malo(admin.device))
    assert "debe esperar 2 segundo(s)" in r.content.decode()


def test_unknown_username_gets_the_same_wait(db):
    """The wait message must not tell which usernames have a token."""
    paso1(Client(), "fantasma", "123456")
    r = paso1(Client(), "fantasma", "123456")
    assert "debe esperar 1 segundo(s)" in r.content.decode()


def test_a_code_for_a_user_without_token_counts_as_a_wrong_code(client, secundario):
    paso1(client, "mguerrero", "123456")
    secundario.refresh_from_db()
    assert secundario.intentos_fallidos == 1
    assert _fallos("codigo_sin_token") == 1
    r = client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert r.status_code == 200  # refused at step 2, generic message
    assert "_auth_user_id" not in client.session


def test_blocked_user_code_is_not_checked(empresa):
    usuario = crear_usuario(empresa, "bloq1", estado=Usuario.Estado.BLOQUEADO)
    from tests.factories import dar_token

    device = dar_token(usuario)
    paso1(Client(), "bloq1", codigo_fresco(device))
    device.refresh_from_db()
    assert device.last_t == -1  # the right code was not consumed: nothing was checked
    assert _fallos("usuario_bloqueado") == 1
