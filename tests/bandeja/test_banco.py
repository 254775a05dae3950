"""/banco/: staff publish a message to one company or to all, with validity dates; audited."""

from __future__ import annotations

import pytest

from auditoria.models import Evento
from bandeja.models import Mensaje

pytestmark = pytest.mark.django_db

URL = "/banco/bandeja/mensaje/"


def _datos(**cambios) -> dict:
    datos = {"empresa": "", "titulo": "Mantenimiento programado", "cuerpo": "El domingo de 2:00 a 4:00.",
             "vigente_desde_0": "2026-11-01", "vigente_desde_1": "08:00:00",
             "vigente_hasta_0": "2027-01-31", "vigente_hasta_1": "23:59:00"}
    datos.update(cambios)
    return datos


def test_staff_publish_to_all_and_to_one_company(banco, staff, empresa):
    assert banco.get(URL + "add/").status_code == 200
    r = banco.post(URL + "add/", _datos())
    assert r.status_code == 302, r.content.decode()[:2000]
    todas = Mensaje.objects.get(titulo="Mantenimiento programado")
    assert todas.empresa is None and todas.creado_por == staff
    banco.post(URL + "add/", _datos(empresa=str(empresa.pk), titulo="Solo Andina"))
    assert Mensaje.objects.get(titulo="Solo Andina").empresa == empresa
    eventos = Evento.objects.filter(accion="MENSAJE_CREADO").order_by("id")
    assert eventos.count() == 2 and eventos[0].actor == staff
    assert eventos[0].detalles["despues"]["titulo"] == "Mantenimiento programado"
    assert eventos[1].empresa == empresa
    assert banco.get(URL).status_code == 200


def test_change_is_audited_with_before_and_after(banco, staff):
    banco.post(URL + "add/", _datos())
    m = Mensaje.objects.get()
    r = banco.post(f"{URL}{m.pk}/change/", _datos(titulo="Mantenimiento aplazado"))
    assert r.status_code == 302
    e = Evento.objects.get(accion="MENSAJE_MODIFICADO")
    assert e.detalles["antes"]["titulo"] == "Mantenimiento programado"
    assert e.detalles["despues"]["titulo"] == "Mantenimiento aplazado"


def test_validity_must_end_after_it_starts(banco):
    r = banco.post(URL + "add/", _datos(vigente_hasta_0="2026-10-01"))
    assert r.status_code == 200 and "posterior" in r.content.decode()
    assert not Mensaje.objects.exists()


def test_messages_cannot_be_deleted(banco):
    banco.post(URL + "add/", _datos())
    m = Mensaje.objects.get()
    assert banco.get(f"{URL}{m.pk}/delete/").status_code == 403


def test_company_users_cannot_open_it(cliente_admin):
    assert cliente_admin.get(URL).status_code in (302, 403, 404)
