"""Solicitud de Chequera: a current account of the user, 1–5 checkbooks, an office, the token."""

from __future__ import annotations

import pytest
from django.core import mail

from admin_usuarios.models import Producto, ProductoAsignado
from auditoria.models import Evento
from comun.models import CorreoSaliente
from servicio.models import SolicitudChequera
from tests.factories import codigo_fresco, crear_admin, crear_empresa, crear_producto, login_portal

URL = "/servicio/chequeras/"


@pytest.fixture
def cliente(client, tesorero):
    login_portal(client, tesorero)
    return client


def _pedir(client, tesorero, cuenta, **campos):
    datos = {"producto": cuenta.pk, "chequeras": 2, "oficina": "CALI",
             "codigo_token": codigo_fresco(tesorero.device), **campos}
    return client.post(URL, datos)


@pytest.mark.django_db(transaction=True)
def test_a_request_is_stored_audited_and_emailed(cliente, tesorero, corriente):
    r = _pedir(cliente, tesorero, corriente, chequeras=3)
    s = SolicitudChequera.objects.get()
    assert r.status_code == 302 and r.url == f"/servicio/chequeras/{s.pk}/"
    assert (s.producto, s.chequeras, s.oficina, s.estado, s.solicitante) == (
        corriente, 3, "CALI", SolicitudChequera.Estado.SOLICITADA, tesorero)
    evento = Evento.objects.get(accion="CHEQUERA_SOLICITADA")
    assert evento.actor == tesorero and evento.detalles["despues"]["chequeras"] == 3
    assert CorreoSaliente.objects.get(plantilla="chequera_solicitada").para == tesorero.email
    assert len(mail.outbox) == 1 and str(s.pk) in mail.outbox[0].subject
    pagina = cliente.get(r.url).content.decode()
    assert "Solicitada" in pagina and "Cali - Oficina Principal" in pagina
    lista = cliente.get(URL).content.decode()
    assert f"/servicio/chequeras/{s.pk}/" in lista


def test_a_wrong_token_code_makes_nothing(cliente, tesorero, corriente):
    r = _pedir(cliente, tesorero, corriente, codigo_token="000000")
    assert r.status_code == 200 and not SolicitudChequera.objects.exists()
    assert "is-invalid" in r.content.decode()


@pytest.mark.parametrize("campos", [{"chequeras": 6}, {"chequeras": 0}, {"oficina": "XXX"}, {"producto": "abc"}])
def test_bad_input_is_refused_next_to_the_field(cliente, tesorero, corriente, campos):
    r = _pedir(cliente, tesorero, corriente, **campos)
    assert r.status_code == 200 and not SolicitudChequera.objects.exists()
    assert "invalid-feedback" in r.content.decode()


def test_only_the_users_current_accounts(cliente, tesorero, origen, empresa):
    # A savings account (assigned) and a current account not assigned to the user: neither is offered.
    ajena = crear_producto(empresa, "CCTEOtra", "555000111", tipo=Producto.Tipo.CUENTA_CORRIENTE)
    for producto in (origen, ajena):
        assert _pedir(cliente, tesorero, producto).status_code == 404
    assert not SolicitudChequera.objects.exists()
    html = cliente.get(URL).content.decode()
    assert "CCTEAndina" in html and "CAHOAndres" not in html and "CCTEOtra" not in html


def test_outsider_gets_404_on_a_request(client, tesorero, corriente, otra_empresa):
    s = SolicitudChequera.objects.create(empresa=tesorero.empresa, producto=corriente, solicitante=tesorero,
                                         chequeras=1, oficina="BOG")
    from admin_usuarios.models import Perfil
    from tests.factories import crear_usuario, dar_token

    perfil = Perfil.objects.create(empresa=otra_empresa, nombre="Todo", tipo=Perfil.Tipo.AMBOS,
                                   opciones=["solicitud_chequera"], aprobaciones=1)
    ajeno = crear_usuario(otra_empresa, "ajeno", perfil=perfil)
    dar_token(ajeno)
    login_portal(client, ajeno)
    assert client.get(f"/servicio/chequeras/{s.pk}/").status_code == 404
    assert str(s.pk) not in client.get(URL).content.decode().split("Solicitudes realizadas")[1].split("<tbody>")[1][:80]
    # Nor can they ask for checkbooks of the other company's account.
    r = client.post(URL, {"producto": corriente.pk, "chequeras": 1, "oficina": "BOG",
                          "codigo_token": codigo_fresco(ajeno.device)})
    assert r.status_code == 404 and SolicitudChequera.objects.count() == 1


def test_a_colleague_without_the_account_gets_404(client, empresa, tesorero, corriente, todo):
    from tests.factories import crear_usuario, dar_token

    s = SolicitudChequera.objects.create(empresa=empresa, producto=corriente, solicitante=tesorero, chequeras=1,
                                         oficina="BOG")
    colega = crear_usuario(empresa, "colega", perfil=todo)
    dar_token(colega)
    login_portal(client, colega)
    assert client.get(f"/servicio/chequeras/{s.pk}/").status_code == 404
    ProductoAsignado.objects.create(usuario=colega, producto=corriente)
    assert client.get(f"/servicio/chequeras/{s.pk}/").status_code == 200


def test_the_list_is_flat_in_queries(cliente, tesorero, corriente, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)

    def crear(n):
        SolicitudChequera.objects.bulk_create([SolicitudChequera(
            empresa=tesorero.empresa, producto=corriente, solicitante=tesorero, chequeras=1, oficina="BOG")
            for _ in range(n)])

    crear(3)
    cliente.get(URL)
    with django_assert_max_num_queries(30) as pocas:
        cliente.get(URL)
    crear(27)
    with django_assert_max_num_queries(len(pocas)):
        cliente.get(URL)


def test_the_administrator_does_not_ask_for_checkbooks(empresa, client):
    admin = crear_admin(empresa)
    login_portal(client, admin)
    assert client.get(URL).status_code == 403
    assert crear_empresa  # (factories imported for the outsider tests)
