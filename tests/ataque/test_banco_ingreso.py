"""Defect 4 of issue 14: /banco/ says one thing for every failure, is throttled and
blocked like the portal, and audits every staff login with its cause."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from portal.ingreso_banco import MENSAJE_GENERICO
from tests.factories import codigo_fresco, crear_staff

pytestmark = pytest.mark.django_db


def _malo(device) -> str:
    bueno = codigo_fresco(device)
    return next(c for c in ("000000", "111111", "222222") if c != bueno)


def _sin_espera(device) -> None:
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1))


def _entrar(client, username, clave, codigo):
    return client.post("/banco/login/?next=/banco/", {"username": username, "password": clave, "otp_token": codigo})


def _causas() -> list[str]:
    return list(Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("id")
                .values_list("detalles__causa", flat=True))


def _mensaje(r) -> str:
    body = r.content.decode()
    assert r.status_code == 200
    return body


def test_one_message_for_wrong_password_wrong_token_unknown_user(client, staff):
    cuerpos = [
        _mensaje(_entrar(Client(), staff.username, "Mala2024xx", codigo_fresco(staff.device))),
        _mensaje(_entrar(Client(), staff.username, staff.clave, _malo(staff.device))),
        _mensaje(_entrar(Client(), "nadie", staff.clave, "123456")),
        _mensaje(_entrar(Client(), staff.username, staff.clave, "")),
    ]
    for body in cuerpos:
        assert str(MENSAJE_GENERICO) in body
        assert "Token no válido" not in body and "introduzca" not in body.lower()
    assert _causas() == ["clave_invalida", "token_invalido", "usuario_desconocido", "token_faltante"]
    assert set(Evento.objects.filter(accion="INGRESO_FALLIDO").values_list("ip", flat=True)) == {"127.0.0.1"}


def test_success_is_audited(client, staff):
    r = _entrar(client, staff.username, staff.clave, codigo_fresco(staff.device))
    assert r.status_code == 302
    assert client.get("/banco/").status_code == 200
    evento = Evento.objects.get(accion="INGRESO")
    assert evento.actor == staff and evento.detalles == {"sitio": "banco"}


def test_wrong_passwords_block_the_staff_account_then_another_staff_unblocks(client, staff, settings):
    assert settings.OCCIRED_BANCO_INTENTOS == 3
    for _ in range(25):  # a burst: only the first three are ever checked
        _entrar(Client(), staff.username, "Mala2024xx", codigo_fresco(staff.device))
    causas = _causas()
    assert causas.count("clave_invalida") == 3
    assert set(causas[3:]) == {"usuario_bloqueado"}
    staff.refresh_from_db()
    assert staff.estado == Usuario.Estado.BLOQUEADO
    r = _entrar(Client(), staff.username, staff.clave, codigo_fresco(staff.device))
    assert str(MENSAJE_GENERICO) in _mensaje(r)
    # Another staff member unblocks; then the right credentials work again.
    otro = crear_staff("banco2")
    c = Client()
    assert _entrar(c, otro.username, otro.clave, codigo_fresco(otro.device)).status_code == 302
    c.post("/banco/admin_usuarios/usuario/", {"action": "desbloquear", "_selected_action": [staff.pk]})
    staff.refresh_from_db()
    assert staff.estado == Usuario.Estado.ACTIVO and staff.intentos_fallidos == 0
    assert _entrar(Client(), staff.username, staff.clave, codigo_fresco(staff.device)).status_code == 302


def test_wrong_codes_count_and_the_throttle_is_told(staff):
    _entrar(Client(), staff.username, staff.clave, _malo(staff.device))
    staff.refresh_from_db()
    assert staff.intentos_fallidos == 1
    r = _entrar(Client(), staff.username, staff.clave, codigo_fresco(staff.device))
    assert "debe esperar 1 segundo(s)" in _mensaje(r)
    staff.refresh_from_db()
    assert staff.intentos_fallidos == 1
    _sin_espera(staff.device)
    assert _entrar(Client(), staff.username, staff.clave, codigo_fresco(staff.device)).status_code == 302
    staff.refresh_from_db()
    assert staff.intentos_fallidos == 0


def test_attempts_without_code_are_slowed_per_address(staff, settings):
    settings.OCCIRED_IP_MAX_FALLOS = 3
    for n in range(5):
        _entrar(Client(), f"nadie{n}", "Mala2024xx", "")
    assert _causas() == ["usuario_desconocido"] * 3 + ["ip_frenada"] * 2
