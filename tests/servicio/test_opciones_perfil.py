"""Profile options really restrict: every operating URL is gated by comun.acceso.opcion_requerida.

The URLs are collected from the URL resolver, so a view added to an operating app later is
checked too: without the gate (or an allow-list entry with its reason) the walk fails.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from admin_usuarios.actions.perfiles import CODIGOS_OPCIONES
from comun.menu import _todas, menu_para
from servicio.models import SolicitudChequera
from tests.factories import crear_admin, login_portal
from tests.transacciones.conftest import capturar
from transacciones.models import Beneficiario

# The apps whose screens a company's users operate with.
OPERATIVAS = ("cuentas", "transacciones", "archivos", "servicio", "bandeja")
# "namespace:name" → why the view needs no profile option.
_PROPIAS = "the user's own notifications and alert choices: every company user has them (README, Bandeja)"
SIN_OPCION: dict[str, str] = {"bandeja:notificaciones": _PROPIAS, "bandeja:abrir_notificacion": _PROPIAS,
                              "bandeja:marcar_todas": _PROPIAS, "bandeja:alertas": _PROPIAS}


def _patrones() -> list[tuple[str, URLPattern]]:
    resolver = get_resolver()
    encontrados = []
    for ns, (_prefijo, sub) in resolver.namespace_dict.items():
        if ns in OPERATIVAS:
            encontrados += [(f"{ns}:{p.name}", p) for p in sub.url_patterns if isinstance(p, URLPattern)]
    return sorted(encontrados, key=lambda x: x[0])


PATRONES = dict(_patrones())
GATED = sorted(n for n, p in PATRONES.items() if getattr(p.callback, "opcion_requerida", None))


def _opciones(nombre: str) -> tuple[str, ...]:
    return PATRONES[nombre].callback.opcion_requerida


def test_the_walk_finds_the_operating_screens():
    assert {"cuentas:saldos", "transacciones:internas", "transacciones:aprobaciones", "servicio:certificados",
            "servicio:chequeras", "servicio:chequera"} <= set(PATRONES)


@pytest.mark.parametrize("nombre", sorted(PATRONES))
def test_every_operating_url_has_the_option_gate_or_a_reason(nombre):
    assert getattr(PATRONES[nombre].callback, "opcion_requerida", None) or SIN_OPCION.get(nombre), (
        f"{nombre} opens without a profile option: wrap it in comun.acceso.opcion_requerida")


def test_every_menu_entry_with_an_option_opens_a_view_gated_by_it():
    for e in _todas():
        if not e.opcion:
            continue
        vista = get_resolver().resolve(reverse(e.url_name)).func
        assert e.opcion in vista.opcion_requerida, e.url_name
        # The administrator sees the entry exactly when the gate lets them in.
        assert vista.opcion_administrador == (not e.sin_administrador), e.url_name


@pytest.fixture
def objetos(tesorero, origen, corriente, sup1_de):
    op = capturar(tesorero, origen, corriente)
    ben = Beneficiario.objects.create(
        empresa=tesorero.empresa, titular="Proveedora del Cauca S.A.S.", tipo_identificacion="NIT",
        numero_identificacion="900123456-8", banco="bancolombia", tipo_cuenta="CAHO", numero_cuenta="12345678901",
        alias="ProvCauca", estado=Beneficiario.Estado.ACTIVO, inscrito_por=tesorero, activado_por=sup1_de)
    sol = SolicitudChequera.objects.create(empresa=tesorero.empresa, producto=corriente, solicitante=tesorero,
                                           chequeras=1, oficina="BOG")
    return {"transacciones:operacion": op, "transacciones:aprobar": op, "transacciones:rechazar": op,
            "transacciones:cancelar": op, "transacciones:comprobante": op,
            "transacciones:activar_beneficiario": ben, "transacciones:inactivar_beneficiario": ben,
            "servicio:chequera": sol}


@pytest.fixture
def sup1_de(empresa, todo):
    from tests.factories import crear_usuario

    return crear_usuario(empresa, "suplopez", perfil=todo)


def _url(nombre: str, objetos: dict) -> str:
    patron = PATRONES[nombre]
    kwargs = {k: objetos[nombre].pk if nombre in objetos else 1 for k in patron.pattern.converters}
    return reverse(nombre, kwargs={**kwargs, **{k: v for k, v in patron.default_args.items() if k in kwargs}})


def _abrir(client, url: str):
    r = client.get(url)
    return client.post(url) if r.status_code == 405 else r


@pytest.mark.parametrize("nombre", GATED)
def test_without_the_option_403_and_no_menu_entry_with_it_the_screen_opens(client, nombre, tesorero, todo, objetos):
    requeridas = set(_opciones(nombre))
    todo.opciones = [o for o in CODIGOS_OPCIONES if o not in requeridas]
    todo.save(update_fields=["opciones"])
    login_portal(client, tesorero)
    url = _url(nombre, objetos)
    assert _abrir(client, url).status_code == 403
    tesorero.refresh_from_db()
    enlaces = {e["url"] for s in menu_para(tesorero) for g in s["grupos"] for e in g.entradas}
    assert url not in enlaces

    todo.opciones = list(CODIGOS_OPCIONES)
    todo.save(update_fields=["opciones"])
    r = _abrir(client, url)
    assert r.status_code not in (403, 405) and r.status_code < 500
    if not PATRONES[nombre].pattern.converters and r.request["REQUEST_METHOD"] == "GET":
        assert r.status_code in (200, 302)
    if any(e.url_name == nombre for e in _todas()):
        tesorero.refresh_from_db()
        assert url in {e["url"] for s in menu_para(tesorero) for g in s["grupos"] for e in g.entradas}


@pytest.mark.parametrize("opcion", ["consulta_saldos", "transferencias", "aprobaciones", "certificados",
                                    "solicitud_chequera", "historico_transacciones"])
def test_one_missing_option_closes_only_its_screens(client, tesorero, todo, objetos, opcion):
    todo.opciones = [o for o in CODIGOS_OPCIONES if o != opcion]
    todo.save(update_fields=["opciones"])
    login_portal(client, tesorero)
    for nombre in GATED:
        if nombre in objetos or PATRONES[nombre].pattern.converters:
            continue
        r = _abrir(client, _url(nombre, objetos))
        cerrada = set(_opciones(nombre)) == {opcion}
        assert (r.status_code == 403) == cerrada, (nombre, r.status_code)


def test_a_user_without_a_profile_opens_no_operating_screen(client, empresa, tesorero, objetos):
    tesorero.perfil = None
    tesorero.save(update_fields=["perfil"])
    login_portal(client, tesorero)
    for nombre in GATED:
        assert _abrir(client, _url(nombre, objetos)).status_code == 403, nombre


def test_the_administrator_keeps_today_s_screens(client, empresa, objetos):
    admin = crear_admin(empresa)
    login_portal(client, admin)
    for nombre in GATED:
        r = _abrir(client, _url(nombre, objetos))
        permitido = PATRONES[nombre].callback.opcion_administrador
        assert (r.status_code == 403) != permitido, (nombre, r.status_code)
    # Consultas and Histórico as before; their own administration screens untouched.
    for url in ("/consultas/saldos/", "/transacciones/historico/", "/administracion/usuarios/",
                "/administracion/seguridad/perfiles/", "/administracion/tokens/"):
        assert client.get(url).status_code == 200, url
