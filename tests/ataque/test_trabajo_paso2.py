"""Step 2 of the login does the same work on every path and keeps or returns exactly the
slots it should (issue 14, defects 1, 2 and 5).

- Every step-2 answer verifies exactly one password hash: the user's under an attempt
  slot, a decoy on every other path (unknown username, blocked user, inactive company,
  a token refused at step 1, no slot left, the flooded address), so the time of the
  answer does not tell which of them it was.
- A wrong secret keeps its slot (user and address); an attempt whose secret was right
  but is refused for another reason (schedule, IP list, expired temporary password)
  gives both back.
- The audit row of every refusal carries its cause and nothing else.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from admin_usuarios.models import Horario, ReglaIP, Usuario
from auditoria.models import Evento
from portal import intentos
from portal import login as flujo
from tests.factories import codigo_fresco, crear_usuario, dar_token, paso1

pytestmark = pytest.mark.django_db


@pytest.fixture
def verificaciones(monkeypatch):
    """How many password hashes were verified (the tests' hasher is MD5)."""
    cuenta = []
    original = MD5PasswordHasher.verify

    def contar(self, password, encoded):
        cuenta.append(1)
        return original(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", contar)
    return cuenta


@pytest.fixture(autouse=True)
def _sin_contadores():
    cache.clear()
    yield
    cache.clear()


def _ip_fallos(ip: str = "127.0.0.1") -> int:
    return cache.get(intentos._clave_ip(ip)) or 0


def _fallo() -> Evento:
    return Evento.objects.get(accion="INGRESO_FALLIDO")


def _no_horario(empresa) -> None:
    dias = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]
    Horario.objects.filter(empresa=empresa).update(**{f"{d}_inicio": None for d in dias}, festivo_permitido=False)


# --- one hash verification on every path ------------------------------------------------------


def test_success_verifies_one_hash(client, secundario, verificaciones):
    paso1(client, "mguerrero")
    verificaciones.clear()
    r = client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert r.url == "/inicio/" and len(verificaciones) == 1


@pytest.mark.parametrize("caso", [
    "desconocido", "inactivo", "bloqueado", "empresa_inactiva", "token_faltante", "token_requerido",
    "clave_invalida", "fuera_de_horario", "sin_intentos",
])
def test_every_refusal_verifies_exactly_one_hash(client, empresa, admin, secundario, verificaciones, caso):
    username, clave = "mguerrero", secundario.clave
    if caso == "desconocido":
        username = "nadie123"
    elif caso in ("inactivo", "bloqueado"):
        Usuario.objects.filter(pk=secundario.pk).update(estado=caso.upper())
    elif caso == "empresa_inactiva":
        type(empresa).objects.filter(pk=empresa.pk).update(estado="INACTIVA")
    elif caso == "token_faltante":
        username, clave = "adelgado", admin.clave
    elif caso == "token_requerido":
        type(empresa).objects.filter(pk=empresa.pk).update(token_requerido=True)
    elif caso == "clave_invalida":
        clave = "Otra2024xx"
    elif caso == "fuera_de_horario":
        _no_horario(empresa)
    elif caso == "sin_intentos":
        Usuario.objects.filter(pk=secundario.pk).update(intentos_fallidos=empresa.intentos_maximos)
    paso1(client, username)
    verificaciones.clear()
    r = client.post("/ingreso/clave/", {"clave": clave})
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    assert len(verificaciones) == 1, caso


def test_code_refused_at_step1_still_verifies_one_hash_at_step2(client, admin, verificaciones):
    malo = "000000" if codigo_fresco(admin.device) != "000000" else "111111"
    paso1(client, "adelgado", malo)
    verificaciones.clear()
    client.post("/ingreso/clave/", {"clave": admin.clave})
    assert len(verificaciones) == 1
    # Step 1 audited and counted it; step 2 adds nothing (no second row, no second count).
    assert Evento.objects.filter(accion="INGRESO_FALLIDO").count() == 1
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1


def test_flooded_address_verifies_one_hash_and_checks_no_password(client, settings, secundario, verificaciones):
    settings.OCCIRED_IP_MAX_FALLOS = 1
    paso1(client, "nadie123")
    client.post("/ingreso/clave/", {"clave": "Nada2024xx"})
    paso1(client, "mguerrero")
    verificaciones.clear()
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert len(verificaciones) == 1
    causas = list(Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("pk").values_list("detalles", flat=True))
    assert causas == [{"causa": "usuario_desconocido"}, {"causa": "ip_frenada"}]
    secundario.refresh_from_db()
    assert secundario.intentos_fallidos == 0  # the user's password was never looked at


# --- slots kept or given back ------------------------------------------------------------------


def test_wrong_password_keeps_the_user_and_address_slots(client, secundario):
    paso1(client, "mguerrero")
    client.post("/ingreso/clave/", {"clave": "Otra2024xx"})
    secundario.refresh_from_db()
    assert secundario.intentos_fallidos == 1 and _ip_fallos() == 1
    assert _fallo().detalles == {"causa": "clave_invalida"}
    assert _fallo().objetivo_id == secundario.pk and _fallo().actor_nombre == "mguerrero"


def test_missing_code_with_a_token_keeps_the_slots(client, admin):
    paso1(client, "adelgado")
    client.post("/ingreso/clave/", {"clave": admin.clave})
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1 and _ip_fallos() == 1
    assert _fallo().detalles == {"causa": "token_faltante"}


def test_missing_code_on_the_last_slot_blocks(client, empresa, admin):
    Usuario.objects.filter(pk=admin.pk).update(intentos_fallidos=empresa.intentos_maximos - 1)
    paso1(client, "adelgado")
    client.post("/ingreso/clave/", {"clave": admin.clave})
    admin.refresh_from_db()
    assert admin.estado == Usuario.Estado.BLOQUEADO
    assert Evento.objects.get(accion="BLOQUEO").detalles == {"intentos": 3, "causa": "token_faltante"}


@pytest.mark.parametrize("caso", ["fuera_de_horario", "ip_no_permitida", "clave_temporal_vencida"])
def test_right_secret_refused_for_another_reason_gives_the_slots_back(client, empresa, secundario, caso):
    Usuario.objects.filter(pk=secundario.pk).update(intentos_fallidos=1)
    if caso == "fuera_de_horario":
        _no_horario(empresa)
    elif caso == "ip_no_permitida":
        ReglaIP.objects.create(empresa=empresa, red="10.0.0.0/8")
    else:
        Usuario.objects.filter(pk=secundario.pk).update(
            debe_cambiar_clave=True, clave_temporal_expira=timezone.now() - dt.timedelta(minutes=1))
    paso1(client, "mguerrero")
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    secundario.refresh_from_db()
    assert secundario.intentos_fallidos == 1  # its own slot given back; the earlier failure stays
    assert secundario.estado == Usuario.Estado.ACTIVO
    assert _ip_fallos() == 0
    assert _fallo().detalles == {"causa": caso}
    assert not Evento.objects.filter(accion="BLOQUEO").exists()


def test_used_temporary_password_is_refused_even_before_it_expires(client, secundario):
    Usuario.objects.filter(pk=secundario.pk).update(
        debe_cambiar_clave=True, clave_temporal_usada=True,
        clave_temporal_expira=timezone.now() + dt.timedelta(hours=1))
    paso1(client, "mguerrero")
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert _fallo().detalles == {"causa": "clave_temporal_vencida"}


def test_valid_temporary_password_gets_in(client, secundario):
    Usuario.objects.filter(pk=secundario.pk).update(
        debe_cambiar_clave=True, clave_temporal_usada=False,
        clave_temporal_expira=timezone.now() + dt.timedelta(hours=1))
    paso1(client, "mguerrero")
    r = client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert r.status_code == 302 and "_auth_user_id" in client.session


def test_right_code_needs_no_address_slot(client, settings, admin):
    settings.OCCIRED_IP_MAX_FALLOS = 1
    paso1(client, "nadie123")
    client.post("/ingreso/clave/", {"clave": "Nada2024xx"})
    assert _ip_fallos() == 1
    paso1(client, "adelgado", codigo_fresco(admin.device))
    r = client.post("/ingreso/clave/", {"clave": admin.clave})
    assert r.url == "/inicio/"
    assert _ip_fallos() == 1  # neither taken nor given back


def test_success_without_token_gives_the_address_slot_back(client, secundario):
    paso1(client, "nadie123")
    client.post("/ingreso/clave/", {"clave": "Nada2024xx"})
    assert _ip_fallos() == 1
    paso1(client, "mguerrero")
    assert client.post("/ingreso/clave/", {"clave": secundario.clave}).url == "/inicio/"
    assert _ip_fallos() == 1


def test_no_slot_left_names_the_cause(client, empresa, secundario):
    Usuario.objects.filter(pk=secundario.pk).update(intentos_fallidos=empresa.intentos_maximos)
    paso1(client, "mguerrero")
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert _fallo().detalles == {"causa": "sin_intentos"}


def test_blocked_between_the_steps_names_the_block(client, secundario):
    paso1(client, "mguerrero")
    Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.BLOQUEADO)
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert _fallo().detalles == {"causa": "usuario_bloqueado"}


# --- step 1: the audit row of each code refusal ----------------------------------------------------


def test_step1_wrong_code_for_user_without_token_audit_row(client, secundario):
    paso1(client, "mguerrero", "123456")
    evento = _fallo()
    assert evento.detalles == {"causa": "codigo_sin_token", "paso": 1}
    assert (evento.actor_id, evento.objetivo_id, evento.actor_nombre) == (secundario.pk, secundario.pk, "mguerrero")


def test_step1_code_for_unknown_username_audit_row(client, db):
    paso1(client, "  Fantasma  ", "123456")
    evento = _fallo()
    assert evento.detalles == {"causa": "usuario_desconocido", "paso": 1}
    assert evento.actor_id is None and evento.objetivo_id is None and evento.actor_nombre == "Fantasma"
    assert client.session[flujo.SESSION_KEY]["token"] == flujo.TOKEN_INVALIDO


def test_step1_code_for_inactivated_token_audit_row(client, empresa, admin):
    from tokens.models import TokenVirtual

    TokenVirtual.objects.filter(usuario=admin).update(estado=TokenVirtual.Estado.INACTIVO)
    paso1(client, "adelgado", "123456")
    assert _fallo().detalles == {"causa": "token_inactivo", "paso": 1}
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1


def test_step1_code_of_blocked_user_audit_row_and_verdict(client, empresa):
    usuario = crear_usuario(empresa, "bloq1", estado=Usuario.Estado.BLOQUEADO)
    dar_token(usuario)
    paso1(client, "bloq1", "123456")
    assert _fallo().detalles == {"causa": "usuario_bloqueado", "paso": 1}
    assert client.session[flujo.SESSION_KEY]["token"] == flujo.TOKEN_SIN_INTENTO


def test_step1_code_with_no_slot_left(client, empresa, admin):
    Usuario.objects.filter(pk=admin.pk).update(intentos_fallidos=empresa.intentos_maximos)
    paso1(client, "adelgado", codigo_fresco(admin.device))
    assert _fallo().detalles == {"causa": "sin_intentos", "paso": 1}
    assert client.session[flujo.SESSION_KEY]["token"] == flujo.TOKEN_SIN_INTENTO


def test_step1_right_code_gives_its_slot_back(client, admin):
    Usuario.objects.filter(pk=admin.pk).update(intentos_fallidos=1)
    paso1(client, "adelgado", codigo_fresco(admin.device))
    admin.refresh_from_db()
    assert admin.intentos_fallidos == 1
    assert client.session[flujo.SESSION_KEY]["token"] == flujo.TOKEN_OK
    assert not Evento.objects.filter(accion="INGRESO_FALLIDO").exists()


def test_step1_verdicts_without_a_code(client, empresa, admin, secundario):
    from tokens.models import TokenVirtual

    def veredicto(username: str) -> str:
        c = Client()
        paso1(c, username)
        return c.session[flujo.SESSION_KEY]["token"]

    assert veredicto("nadie123") == flujo.TOKEN_DESCONOCIDO
    assert veredicto("adelgado") == flujo.TOKEN_FALTANTE
    assert veredicto("mguerrero") == flujo.TOKEN_NO_REQUERIDO
    type(empresa).objects.filter(pk=empresa.pk).update(token_requerido=True)
    assert veredicto("mguerrero") == flujo.TOKEN_SIN_DISPOSITIVO
    TokenVirtual.objects.filter(usuario=admin).update(estado=TokenVirtual.Estado.INACTIVO)
    assert veredicto("adelgado") == flujo.TOKEN_INACTIVO
    assert not Evento.objects.filter(accion="INGRESO_FALLIDO").exists()  # no code, nothing checked yet


def test_step1_wait_audit_row_says_how_long(client, admin):
    malo = "000000" if codigo_fresco(admin.device) != "000000" else "111111"
    paso1(Client(), "adelgado", malo)
    paso1(client, "adelgado", codigo_fresco(admin.device))
    evento = Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("-pk").first()
    assert evento.detalles == {"causa": "token_en_espera", "paso": 1, "espera": 1}


@pytest.mark.parametrize("caso", ["desconocido", "inactivo", "empresa_inactiva", "token_requerido", "sin_intentos"])
def test_refusals_that_never_checked_the_password_keep_the_address_slot(client, empresa, secundario, caso):
    """Only a right secret gives the address's slot back; these never looked at it."""
    username = "nadie123" if caso == "desconocido" else "mguerrero"
    if caso == "inactivo":
        Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.INACTIVO)
    elif caso == "empresa_inactiva":
        type(empresa).objects.filter(pk=empresa.pk).update(estado="INACTIVA")
    elif caso == "token_requerido":
        type(empresa).objects.filter(pk=empresa.pk).update(token_requerido=True)
    elif caso == "sin_intentos":
        Usuario.objects.filter(pk=secundario.pk).update(intentos_fallidos=empresa.intentos_maximos)
    paso1(client, username)
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert _ip_fallos() == 1


def test_user_blocked_by_a_parallel_attempt_is_named_blocked_not_out_of_slots(empresa, secundario):
    usuario = Usuario.objects.select_related("empresa").get(pk=secundario.pk)  # read while still active
    Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.BLOQUEADO)
    estado = flujo.EstadoPaso1(uid=secundario.pk, username="mguerrero", token=flujo.TOKEN_NO_REQUERIDO)
    assert flujo.causa_de_rechazo(usuario, estado, secundario.clave, "127.0.0.1") == ("usuario_bloqueado", False)


def test_the_block_by_failures_is_audited_with_the_requests_ip(client, empresa, secundario):
    Usuario.objects.filter(pk=secundario.pk).update(intentos_fallidos=empresa.intentos_maximos - 1)
    paso1(client, "mguerrero")
    client.post("/ingreso/clave/", {"clave": "Otra2024xx"}, REMOTE_ADDR="10.7.7.7")
    bloqueo = Evento.objects.get(accion="BLOQUEO")
    assert bloqueo.ip == "10.7.7.7" and bloqueo.detalles == {"intentos": 3, "causa": "clave_invalida"}


# --- ¿Olvidó su clave? shares the code check: its refusals are its own event ---------------------


def test_forgot_password_wrong_code_and_wait_are_audited_as_its_own_event(empresa):
    from tests.factories import crear_secundario

    usuario = crear_secundario(empresa, "olvidon", numero_identificacion="79100123")
    device = dar_token(usuario)
    malo = "000000" if codigo_fresco(device) != "000000" else "111111"
    datos = {"username": "olvidon", "identificacion": "79100123"}
    Client().post("/ayudas/olvido-clave/", {**datos, "codigo": malo}, REMOTE_ADDR="10.8.8.8")
    Client().post("/ayudas/olvido-clave/", {**datos, "codigo": codigo_fresco(device)}, REMOTE_ADDR="10.8.8.8")
    filas = list(Evento.objects.filter(accion__in=["INGRESO_FALLIDO", "OLVIDO_CLAVE_FALLIDO"]).order_by("pk"))
    assert [(e.accion, e.detalles) for e in filas] == [
        ("OLVIDO_CLAVE_FALLIDO", {"causa": "token_invalido", "paso": 1}),
        ("OLVIDO_CLAVE_FALLIDO", {"causa": "token_en_espera", "paso": 1, "espera": 1}),
    ]
    for e in filas:
        assert (e.ip, e.objetivo_id, e.actor_nombre) == ("10.8.8.8", usuario.pk, "olvidon")
