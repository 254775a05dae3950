"""Perfiles: list, create, edit, delete (refused while in use), validation, audit, tenancy."""

from __future__ import annotations

import pytest

from admin_usuarios.eventos import Eventos as Acciones
from admin_usuarios.models import Perfil, Usuario
from auditoria.models import Evento

pytestmark = pytest.mark.django_db

LISTA = "/administracion/seguridad/perfiles/"
NUEVO = "/administracion/seguridad/perfiles/nuevo/"


def _datos(**campos) -> dict:
    datos = {"nombre": "Tesorería", "tipo": "SUPERVISOR", "opciones": ["consulta_saldos", "aprobaciones"],
             "aprobaciones": "2"}
    datos.update(campos)
    return datos


@pytest.fixture
def perfil(empresa):
    return Perfil.objects.create(empresa=empresa, nombre="Consultas", tipo="OPERADOR", opciones=["extractos"])


def test_anonymous_is_sent_to_login(client, perfil):
    for url in (LISTA, NUEVO, f"{LISTA}{perfil.pk}/"):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/?next=")
    r = client.post(f"{LISTA}{perfil.pk}/eliminar/")
    assert r.status_code == 302 and r.url.startswith("/?next=")
    assert Perfil.objects.filter(pk=perfil.pk).exists()


def test_secondary_user_gets_403(cliente_secundario, perfil):
    for url in (LISTA, NUEVO, f"{LISTA}{perfil.pk}/"):
        assert cliente_secundario.get(url).status_code == 403
    assert cliente_secundario.post(f"{LISTA}{perfil.pk}/eliminar/").status_code == 403


def test_outsider_gets_404_and_sees_only_own_profiles(cliente_otra, perfil):
    assert cliente_otra.get(f"{LISTA}{perfil.pk}/").status_code == 404
    assert cliente_otra.post(f"{LISTA}{perfil.pk}/", _datos()).status_code == 404
    assert cliente_otra.post(f"{LISTA}{perfil.pk}/eliminar/").status_code == 404
    assert Perfil.objects.filter(pk=perfil.pk, nombre="Consultas").exists()
    # The profile's name is also a menu section now (Consultas): look for the profile's own link.
    lista = cliente_otra.get(LISTA).content.decode()
    assert f'href="{LISTA}{perfil.pk}/"' not in lista and "> Consultas</span>" not in lista


def test_create_profile_and_audit(cliente_admin, admin, empresa):
    r = cliente_admin.post(NUEVO, _datos())
    assert r.status_code == 302 and r.url == LISTA
    p = Perfil.objects.get(empresa=empresa, nombre="Tesorería")
    assert (p.tipo, p.opciones, p.aprobaciones) == ("SUPERVISOR", ["consulta_saldos", "aprobaciones"], 2)
    e = Evento.objects.get(accion=Acciones.PERFIL_CREADO)
    assert e.actor == admin and e.empresa == empresa
    assert e.detalles["antes"] == {} and e.detalles["despues"]["nombre"] == "Tesorería"
    body = cliente_admin.get(LISTA).content.decode()
    assert "Tesorería" in body and "Consulta de Saldos" in body


def test_edit_profile_audits_only_changed_fields(cliente_admin, perfil):
    r = cliente_admin.post(f"{LISTA}{perfil.pk}/", _datos(nombre="Consultas", tipo="AMBOS", aprobaciones="3",
                                                          opciones=["extractos"]))
    assert r.status_code == 302
    perfil.refresh_from_db()
    assert perfil.tipo == "AMBOS" and perfil.aprobaciones == 3
    e = Evento.objects.get(accion=Acciones.PERFIL_MODIFICADO)
    assert e.detalles == {"antes": {"tipo": "OPERADOR", "aprobaciones": 1}, "despues": {"tipo": "AMBOS", "aprobaciones": 3}}


def test_edit_form_shows_current_values(cliente_admin, perfil):
    body = cliente_admin.get(f"{LISTA}{perfil.pk}/").content.decode()
    assert 'value="Consultas"' in body
    assert 'value="extractos" id="id_opciones_extractos" checked' in body


@pytest.mark.parametrize("campos, campo_error, mensaje", [
    ({"nombre": ""}, "nombre", "obligatorio"),
    ({"nombre": "consultas"}, "nombre", "Ya existe un perfil con ese nombre"),
    ({"tipo": "JEFE"}, "tipo", "Escoja una opción válida"),
    ({"aprobaciones": "-1"}, "aprobaciones", "mayor o igual a 0"),
    ({"aprobaciones": "6"}, "aprobaciones", "menor o igual a 5"),
    ({"opciones": ["borrar_todo"]}, "opciones", "Escoja una opción válida"),
])
def test_validation_messages_next_to_field_and_typed_values_stay(cliente_admin, perfil, campos, campo_error, mensaje):
    antes = Perfil.objects.count()
    datos = _datos(**campos)
    r = cliente_admin.post(NUEVO, datos)
    assert r.status_code == 200
    assert campo_error in r.context["form"].errors
    assert mensaje in " ".join(r.context["form"].errors[campo_error])
    assert Perfil.objects.count() == antes
    body = r.content.decode()
    if datos["nombre"]:
        assert f'value="{datos["nombre"]}"' in body


def test_profile_in_use_cannot_be_deleted(cliente_admin, secundario):
    perfil = secundario.perfil
    r = cliente_admin.post(f"{LISTA}{perfil.pk}/eliminar/", follow=True)
    assert "no se puede eliminar" in r.content.decode()
    assert Perfil.objects.filter(pk=perfil.pk).exists()
    assert not Evento.objects.filter(accion=Acciones.PERFIL_ELIMINADO).exists()


def test_unused_profile_is_deleted_and_audited(cliente_admin, perfil):
    r = cliente_admin.post(f"{LISTA}{perfil.pk}/eliminar/")
    assert r.status_code == 302
    assert not Perfil.objects.filter(pk=perfil.pk).exists()
    e = Evento.objects.get(accion=Acciones.PERFIL_ELIMINADO)
    assert e.detalles["antes"]["nombre"] == "Consultas" and e.detalles["despues"] == {}


def test_delete_requires_post(cliente_admin, perfil):
    assert cliente_admin.get(f"{LISTA}{perfil.pk}/eliminar/").status_code == 405


@pytest.mark.parametrize("n", [3, 300])
def test_list_queries_do_not_grow(cliente_admin, empresa, n, django_assert_max_num_queries):
    perfiles = Perfil.objects.bulk_create([Perfil(empresa=empresa, nombre=f"P{i:03d}", opciones=["extractos"])
                                           for i in range(n)])
    Usuario.objects.bulk_create([Usuario(username=f"u{i:03d}", nombres="N", primer_apellido="A", empresa=empresa,
                                         perfil=perfiles[i % n]) for i in range(n)])
    with django_assert_max_num_queries(7):
        r = cliente_admin.get(LISTA)
    assert r.content.decode().count("/eliminar/") == n


def test_zero_approvals_is_allowed(cliente_admin, empresa):
    """0 approvals: the profile's operations execute on capture (transacciones)."""
    r = cliente_admin.post(NUEVO, _datos(nombre="Sin aprobación", tipo="OPERADOR", aprobaciones="0"))
    assert r.status_code == 302
    assert Perfil.objects.get(empresa=empresa, nombre="Sin aprobación").aprobaciones == 0
