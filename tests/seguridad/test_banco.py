"""/banco/: first administrator (password emailed through the outbox), outbox, products, read-only audit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from admin_usuarios.eventos import Eventos as Acciones
from admin_usuarios.models import Producto, Usuario
from auditoria.actions import registrar
from auditoria.models import Evento
from comun.models import CorreoSaliente
from tests.factories import codigo_fresco, crear_producto, login_portal

pytestmark = pytest.mark.django_db(transaction=True)


def cliente_banco(staff) -> Client:
    c = Client()
    r = c.post("/banco/login/", {
        "username": staff.username, "password": staff.clave,
        "otp_device": staff.device.persistent_id, "otp_token": codigo_fresco(staff.device),
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    return c


def _url_primer_admin(empresa) -> str:
    return f"/banco/admin_usuarios/empresa/{empresa.pk}/primer-administrador/"


DATOS = {"username": "admandina", "nombres": "Laura", "primer_apellido": "Ríos", "segundo_apellido": "",
         "email": "laura@andina.example", "celular": "3012345678"}


def test_first_administrator_gets_a_working_emailed_password(staff, empresa):
    c = cliente_banco(staff)
    assert c.get(_url_primer_admin(empresa)).status_code == 200
    r = c.post(_url_primer_admin(empresa), DATOS)
    assert r.status_code == 302
    nuevo = Usuario.objects.get(username="admandina")
    assert nuevo.empresa == empresa and nuevo.es_administrador and nuevo.estado == Usuario.Estado.ACTIVO
    correo = CorreoSaliente.objects.get(usuario=nuevo)
    assert correo.estado == CorreoSaliente.Estado.ENVIADO and correo.para == "laura@andina.example"
    assert len(mail.outbox) == 1
    clave = mail.outbox[0].body.split("Contraseña temporal: ")[1].split()[0]
    assert clave not in str(correo.contexto) and clave not in r.content.decode()
    # The password works at the portal login, once, and forces a change.
    portal = Client()
    r = login_portal(portal, nuevo, clave=clave, codigo="")
    assert r.status_code == 302 and r.url == "/inicio/"
    assert portal.get("/inicio/").url == "/mi-cuenta/clave/"  # forced password change first
    # One login only: the same password is refused the second time.
    assert login_portal(Client(), nuevo, clave=clave, codigo="").status_code != 302
    acciones = list(Evento.objects.filter(objetivo=nuevo).values_list("accion", flat=True))
    assert Acciones.PRIMER_ADMINISTRADOR in acciones and "GENERAR_CLAVE" in acciones
    e = Evento.objects.get(accion=Acciones.PRIMER_ADMINISTRADOR)
    assert e.actor == staff and e.detalles["despues"]["username"] == "admandina"


def test_first_administrator_validation_and_refusals(staff, empresa, admin):
    c = cliente_banco(staff)
    r = c.post(_url_primer_admin(empresa), {**DATOS, "celular": "2012345678", "email": "no-es-correo"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "celular de 10 dígitos" in body and 'value="admandina"' in body
    # The company already has an administrator (the `admin` persona).
    r = c.post(_url_primer_admin(empresa), DATOS)
    assert "ya tiene un usuario administrador" in r.content.decode()
    assert not Usuario.objects.filter(username="admandina").exists()
    assert not CorreoSaliente.objects.exists()
    r = c.post(_url_primer_admin(empresa), {**DATOS, "username": "ADELGADO"})
    assert "Ya existe un usuario" in r.content.decode()


def test_company_users_cannot_reach_banco(client, admin, empresa):
    login_portal(client, admin)
    r = client.get(_url_primer_admin(empresa))
    assert r.status_code == 302 and "/banco/login/" in r.url
    assert client.get("/banco/comun/correosaliente/").status_code == 302


def test_anonymous_is_sent_to_banco_login(client, empresa):
    r = client.get(_url_primer_admin(empresa))
    assert r.status_code == 302 and "/banco/login/" in r.url


def test_outbox_is_read_only_filterable_and_retry_sends(staff, empresa, secundario, settings):
    c = cliente_banco(staff)
    fallido = CorreoSaliente.objects.create(plantilla="clave_temporal", usuario=secundario, para=secundario.email,
                                            estado=CorreoSaliente.Estado.FALLIDO, intentos=8,
                                            contexto={"nombre": "M"})
    enviado = CorreoSaliente.objects.create(plantilla="clave_temporal", usuario=secundario, para="x@y.example",
                                            estado=CorreoSaliente.Estado.ENVIADO)
    r = c.get("/banco/comun/correosaliente/?estado__exact=FALLIDO")
    assert r.status_code == 200
    assert r.context["cl"].result_count == 1
    assert c.get("/banco/comun/correosaliente/add/").status_code == 403
    assert c.post(f"/banco/comun/correosaliente/{fallido.pk}/delete/", {"post": "yes"}).status_code == 403
    r = c.post(f"/banco/comun/correosaliente/{fallido.pk}/change/", {"para": "otro@x.example"})
    assert r.status_code == 403
    r = c.post("/banco/comun/correosaliente/", {"action": "reintentar",
                                                 "_selected_action": [fallido.pk, enviado.pk]})
    assert r.status_code == 302
    fallido.refresh_from_db()
    enviado.refresh_from_db()
    assert fallido.estado == CorreoSaliente.Estado.ENVIADO
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [secundario.email]


def test_audit_trail_is_read_only_in_banco(staff, admin):
    c = cliente_banco(staff)
    e = registrar("CAMBIO_ESTADO", actor=admin)
    assert c.get("/banco/auditoria/evento/").status_code == 200
    assert c.get(f"/banco/auditoria/evento/{e.pk}/change/").status_code == 200  # view only
    assert c.get("/banco/auditoria/evento/add/").status_code == 403
    r = c.post(f"/banco/auditoria/evento/{e.pk}/change/", {"accion": "OTRA"})
    assert r.status_code == 403
    assert c.post(f"/banco/auditoria/evento/{e.pk}/delete/", {"post": "yes"}).status_code == 403
    r = c.post("/banco/auditoria/evento/", {"action": "delete_selected", "_selected_action": [e.pk], "post": "yes"})
    assert Evento.objects.filter(pk=e.pk, accion="CAMBIO_ESTADO").exists()


def test_products_enablement_filter_and_audited_actions(staff, empresa):
    c = cliente_banco(staff)
    p1 = crear_producto(empresa)
    crear_producto(empresa, nombre="CCTE", numero="111", tipo=Producto.Tipo.CUENTA_CORRIENTE, habilitado=False)
    r = c.get("/banco/admin_usuarios/producto/?habilitado__exact=0")
    assert r.status_code == 200 and r.context["cl"].result_count == 1
    r = c.post("/banco/admin_usuarios/producto/", {"action": "deshabilitar", "_selected_action": [p1.pk]})
    assert r.status_code == 302
    p1.refresh_from_db()
    assert p1.habilitado is False
    e = Evento.objects.get(accion=Acciones.PRODUCTO_HABILITACION)
    assert e.empresa == empresa and e.detalles == {"antes": {"habilitado": True}, "despues": {"habilitado": False}}


def test_empresa_page_links_to_first_administrator(staff, empresa):
    c = cliente_banco(staff)
    body = c.get(f"/banco/admin_usuarios/empresa/{empresa.pk}/change/").content.decode()
    assert _url_primer_admin(empresa) in body
    r = c.post("/banco/admin_usuarios/empresa/", {"action": "crear_primer_administrador",
                                                  "_selected_action": [empresa.pk]})
    assert r.status_code == 302 and r.url == _url_primer_admin(empresa)
