"""Activación/Inactivación: list, transitions, refusals, step-up, sessions, audit, tenancy."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from admin_usuarios.actions.estados import do_cambiar_estado_usuario
from admin_usuarios.models import Usuario
from auditoria.models import Evento
from comun.errores import AccionRechazada
from tests.factories import crear_secundario, crear_usuario
from tests.seguridad.conftest import cliente_de, con_codigo

pytestmark = pytest.mark.django_db

E = Usuario.Estado


def _url(u: Usuario) -> str:
    return f"/administracion/seguridad/activacion/{u.pk}/"


def _poner(u: Usuario, estado: str, **campos) -> None:
    Usuario.objects.filter(pk=u.pk).update(estado=estado, **campos)


# --- tenancy and access ----------------------------------------------------

def test_anonymous_is_sent_to_login(client, secundario):
    for url in ("/administracion/seguridad/activacion/", _url(secundario)):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/?next=")


def test_secondary_user_gets_403(cliente_secundario, secundario):
    assert cliente_secundario.get("/administracion/seguridad/activacion/").status_code == 403
    assert cliente_secundario.get(_url(secundario)).status_code == 403


def test_outsider_gets_404_and_nothing_changes(cliente_otra, admin_otra, secundario):
    assert cliente_otra.get(_url(secundario)).status_code == 404
    r = cliente_otra.post(_url(secundario), con_codigo(admin_otra, estado=E.INACTIVO))
    assert r.status_code == 404
    secundario.refresh_from_db()
    assert secundario.estado == E.ACTIVO


def test_outsider_list_shows_only_own_company(cliente_otra, secundario, otra_empresa):
    crear_secundario(otra_empresa, username="vallero")
    body = cliente_otra.get("/administracion/seguridad/activacion/").content.decode()
    assert "vallero" in body and "mguerrero" not in body


def test_administrators_themselves_are_not_listed(cliente_admin, secundario):
    body = cliente_admin.get("/administracion/seguridad/activacion/").content.decode()
    assert "mguerrero" in body and f'href="/administracion/seguridad/activacion/{secundario.pk}/"' in body
    assert "adelgado</td>" not in body


@pytest.mark.parametrize("n", [3, 300])
def test_list_queries_do_not_grow_with_rows(cliente_admin, empresa, n, django_assert_max_num_queries):
    Usuario.objects.bulk_create([
        Usuario(username=f"u{i:04d}", nombres="N", primer_apellido="A", empresa=empresa, estado=E.ACTIVO)
        for i in range(n)
    ])
    with django_assert_max_num_queries(8):
        r = cliente_admin.get("/administracion/seguridad/activacion/?ver=50&pagina=2")
    assert r.status_code == 200


def test_list_filters_and_pages(cliente_admin, empresa, secundario):
    _poner(secundario, E.BLOQUEADO)
    crear_secundario(empresa, username="activo1")
    body = cliente_admin.get("/administracion/seguridad/activacion/?estado=BLOQUEADO").content.decode()
    assert "mguerrero" in body and "activo1" not in body


# --- transitions through the screen ---------------------------------------

@pytest.mark.parametrize("antes, despues", [
    (E.ACTIVO, E.INACTIVO), (E.INACTIVO, E.ACTIVO), (E.BLOQUEADO, E.ACTIVO), (E.PENDIENTE, E.ACTIVO),
])
def test_allowed_transitions(cliente_admin, admin, secundario, antes, despues):
    _poner(secundario, antes, intentos_fallidos=3, clave_generada=timezone.now())
    r = cliente_admin.post(_url(secundario), con_codigo(admin, estado=despues))
    assert r.status_code == 302 and r.url == "/administracion/seguridad/activacion/"
    secundario.refresh_from_db()
    assert secundario.estado == despues
    if antes == E.BLOQUEADO:
        assert secundario.intentos_fallidos == 0
    evento = Evento.objects.filter(objetivo=secundario).latest("id")
    assert evento.actor == admin
    assert evento.detalles["antes"]["estado"] == antes and evento.detalles["despues"]["estado"] == despues


@pytest.mark.parametrize("antes, despues", [
    (E.ACTIVO, E.PENDIENTE), (E.ACTIVO, E.BLOQUEADO), (E.INACTIVO, E.BLOQUEADO), (E.BLOQUEADO, E.INACTIVO),
    (E.PENDIENTE, E.INACTIVO), (E.ACTIVO, "OTRO"),
])
def test_refused_transitions_change_nothing(cliente_admin, admin, secundario, antes, despues):
    _poner(secundario, antes, clave_generada=timezone.now())
    codigo = con_codigo(admin, estado=despues)
    r = cliente_admin.post(_url(secundario), codigo)
    assert r.status_code == 200
    secundario.refresh_from_db()
    assert secundario.estado == antes
    assert not Evento.objects.filter(objetivo=secundario).exists()
    assert r.context["form"].errors


def test_pending_without_generated_password_is_refused_with_message(cliente_admin, admin, secundario):
    _poner(secundario, E.PENDIENTE, clave_generada=None)
    body = cliente_admin.get(_url(secundario)).content.decode()
    assert "primero genere su contraseña" in body
    r = cliente_admin.post(_url(secundario), con_codigo(admin, estado=E.ACTIVO))
    assert r.status_code == 200
    assert "primero genere su contraseña" in r.content.decode()
    secundario.refresh_from_db()
    assert secundario.estado == E.PENDIENTE


def test_inactivating_ends_the_users_session_at_once(cliente_admin, admin, secundario):
    suyo = cliente_de(secundario)
    assert suyo.get("/inicio/").status_code == 200
    secundario.refresh_from_db()
    clave_sesion = secundario.sesion_actual
    assert Session.objects.filter(session_key=clave_sesion).exists()
    cliente_admin.post(_url(secundario), con_codigo(admin, estado=E.INACTIVO))
    assert not Session.objects.filter(session_key=clave_sesion).exists()
    r = suyo.get("/inicio/")
    assert r.status_code == 302 and r.url.startswith("/?next=")


# --- step-up ----------------------------------------------------------------

def test_wrong_code_changes_nothing_and_is_audited(cliente_admin, admin, secundario):
    r = cliente_admin.post(_url(secundario), {"estado": E.INACTIVO, "codigo_token": "12345x"})
    assert r.status_code == 200 and "no es válido" in r.content.decode()
    r = cliente_admin.post(_url(secundario), {"estado": E.INACTIVO, "codigo_token": "000000"})
    secundario.refresh_from_db()
    assert secundario.estado == E.ACTIVO
    assert Evento.objects.filter(accion="STEPUP_FALLIDO", actor=admin).count() == 2


def test_missing_code_changes_nothing(cliente_admin, secundario):
    r = cliente_admin.post(_url(secundario), {"estado": E.INACTIVO})
    assert r.status_code == 200 and "Ingrese el código de su token" in r.content.decode()
    secundario.refresh_from_db()
    assert secundario.estado == E.ACTIVO


def test_code_cannot_be_replayed(cliente_admin, admin, secundario):
    datos = con_codigo(admin, estado=E.INACTIVO)
    cliente_admin.post(_url(secundario), datos)
    datos["estado"] = E.ACTIVO
    r = cliente_admin.post(_url(secundario), datos)
    assert r.status_code == 200
    secundario.refresh_from_db()
    assert secundario.estado == E.INACTIVO


def test_admin_without_active_token_is_told_why(client, empresa, secundario):
    sin_token = crear_usuario(empresa, "admsintok", es_administrador=True)
    cliente = cliente_de(sin_token)
    body = cliente.get(_url(secundario)).content.decode()
    assert "no tiene un token virtual activo" in body
    r = cliente.post(_url(secundario), {"estado": E.INACTIVO, "codigo_token": "123456"})
    assert "no tiene un token virtual activo" in r.content.decode()
    secundario.refresh_from_db()
    assert secundario.estado == E.ACTIVO


# --- the action itself ------------------------------------------------------

def test_action_refuses_and_keeps_row(admin, secundario):
    _poner(secundario, E.PENDIENTE, clave_generada=None)
    with pytest.raises(AccionRechazada):
        do_cambiar_estado_usuario(secundario, E.ACTIVO, actor=admin)
    secundario.refresh_from_db()
    assert secundario.estado == E.PENDIENTE


def test_action_uses_current_row_not_stale_object(admin, secundario):
    # The caller's object says ACTIVO but the row is already INACTIVO: ACTIVO→INACTIVO must be refused.
    _poner(secundario, E.INACTIVO)
    with pytest.raises(AccionRechazada):
        do_cambiar_estado_usuario(secundario, E.INACTIVO, actor=admin)


def test_menu_shows_each_entry_once_and_only_to_administrators(cliente_admin, cliente_secundario):
    body = cliente_admin.get("/inicio/").content.decode()
    for url in ("/administracion/seguridad/activacion/", "/administracion/seguridad/perfiles/",
                "/administracion/seguridad/ips/", "/administracion/seguridad/parametros/",
                "/administracion/auditoria/"):
        assert body.count(f'class="dropdown-item" href="{url}"') == 1, url
    assert "/administracion/seguridad/" not in cliente_secundario.get("/inicio/").content.decode()
