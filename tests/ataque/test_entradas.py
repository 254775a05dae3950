"""Defect 6 of issue 14: no request of any shape gives a server error.

Every URL the resolver knows is visited as a company administrator, a
secondary user and anonymously (the /banco/ ones as bank staff); every field
its page shows and every filter the views read get NUL bytes, digits that are
not ASCII ("²", "٣"), lone surrogates, huge numbers and huge strings, by GET and
by POST. Hypothesis adds random text on top of that fixed sweep.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    codigo_fresco,
    crear_admin,
    crear_empresa,
    crear_secundario,
    crear_staff,
    login_portal,
)

pytestmark = pytest.mark.django_db

# Filters the views read from the query string whether or not a page shows them.
FILTROS = ["q", "usuario", "estado", "ver", "pagina", "accion", "exportar", "motivo", "token", "formato",
           "desde", "hasta", "fecha", "perfil", "tipo", "servicio", "producto", "o", "p", "e", "next"]
# They would end the persona's session (or only log out): nothing to learn there.
FUERA = {"salida/", "banco/logout/"}
MUY_GRANDE = "9" * 25
MALOS = ["\x00", "a\x00b", "²", "¹²³", "٣", "１２", MUY_GRANDE, "-1", "\ud800", "x" * 100_000, "' OR '1'='1", "%00"]
N_EJEMPLOS = int(os.environ.get("OCCIRED_HYPOTHESIS_EJEMPLOS", "4"))


def _rutas(patrones=None, prefijo: str = ""):
    for p in get_resolver().url_patterns if patrones is None else patrones:
        if isinstance(p, URLResolver):
            yield from _rutas(p.url_patterns, prefijo + str(p.pattern))
        elif isinstance(p, URLPattern) and "^" not in str(p.pattern) and "(?P" not in str(p.pattern):
            yield prefijo + str(p.pattern)


def _concreta(plantilla: str, pk: str) -> str:
    def valor(m: re.Match) -> str:
        conv, nombre = m.group(1), m.group(2)
        if conv == "int" or nombre in {"object_id", "pk"}:
            return pk
        return {"formato": "excel", "trabajo": "x" * 8}.get(nombre, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", valor, plantilla)


RUTAS = sorted(set(_rutas()) - FUERA)
CASOS = [(p, r) for r in RUTAS for p in (["staff"] if r.startswith("banco/") else ["admin", "secundario", "anonimo"])]


def _cuerpo(datos: dict[str, str]) -> str:
    # surrogatepass: lone surrogates travel as the invalid UTF-8 a hostile client would send.
    return urlencode(datos, quote_via=lambda s, safe, enc, err: quote(s, safe="", encoding="utf-8",
                                                                       errors="surrogatepass"))


def _pedir(c: Client, metodo: str, url: str, datos: dict[str, str]):
    if metodo == "get":
        r = c.get(f"{url}?{_cuerpo(datos)}")
    else:
        r = c.post(url, _cuerpo(datos), content_type="application/x-www-form-urlencoded")
    assert r.status_code < 500, (metodo, url, {k: v[:30] for k, v in datos.items()}, r.status_code)
    return r


@pytest.fixture
def sesion(request, db):
    persona = request.param
    empresa = crear_empresa()
    admin = crear_admin(empresa)
    secundario = crear_secundario(empresa)
    c = Client()
    if persona == "admin":
        login_portal(c, admin)
    elif persona == "secundario":
        login_portal(c, secundario)
    elif persona == "staff":
        staff = crear_staff()
        c.post("/banco/login/", {"username": staff.username, "password": staff.clave,
                                 "otp_token": codigo_fresco(staff.device)})
    return c, str(secundario.pk)


def _campos(c: Client, url: str) -> list[str]:
    r = c.get(url)
    assert r.status_code < 500
    vistos = set(re.findall(r'name="([^"]+)"', r.content.decode(errors="replace"))) if r.get("Content-Type", "").startswith("text/html") else set()
    return sorted((vistos | set(FILTROS)) - {"csrfmiddlewaretoken"})


def barrer(c: Client, url: str) -> None:
    """Every field the page at `url` shows and every filter: the hostile values all at once and
    one field at a time, by GET and POST, then Hypothesis's random text. No answer is a 5xx."""
    campos = _campos(c, url)
    for malo in MALOS:
        for metodo in ("get", "post"):
            _pedir(c, metodo, url, dict.fromkeys(campos, malo))
    # One field at a time too: a view may stop at the first bad one.
    for campo in campos:
        _pedir(c, "get", url, {campo: "²"})
        _pedir(c, "post", url, {campo: MUY_GRANDE})

    @settings(max_examples=N_EJEMPLOS, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(metodo=st.sampled_from(["get", "post"]),
           datos=st.dictionaries(st.sampled_from(campos),
                                 st.one_of(st.sampled_from(MALOS), st.text(max_size=30),
                                           st.text(alphabet=st.characters(categories=["Nd", "No", "Cs", "Cc"]),
                                                   max_size=12)),
                                 max_size=6))
    def azar(metodo, datos):
        _pedir(c, metodo, url, datos)

    azar()


@pytest.mark.parametrize(("sesion", "ruta"), CASOS, indirect=["sesion"])
def test_no_request_gives_a_server_error(sesion, ruta):
    c, pk = sesion
    if "<" in ruta:
        _pedir(c, "get", _concreta(ruta, MUY_GRANDE), {})
        _pedir(c, "post", _concreta(ruta, MUY_GRANDE), {})
    barrer(c, _concreta(ruta, pk))


def test_nul_gets_a_400_in_the_portal_layout(client, db):
    r = client.get("/administracion/seguridad/activacion/?q=%00")
    assert r.status_code == 400
    body = r.content.decode()
    assert "caracteres no permitidos" in body and "Solicitud no válida" in body


def test_a_session_cookie_with_nul_is_ignored(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("ruta", ["/banco/topes/consumo/?usuario=", "/banco/auditoria/evento/?actor=",
                                  "/banco/topes/consumo/?usuario__in=1,", "/banco/topes/consumo/?servicio__exact=-"])
def test_a_change_list_filter_beyond_bigint_is_a_400(db, ruta):
    """/banco/'s change lists take a filter on a column from the query string; a number beyond
    bigint there reached the database (Hypothesis found it): refused, like any bad filter."""
    staff = crear_staff()
    c = Client()
    c.post("/banco/login/", {"username": staff.username, "password": staff.clave,
                             "otp_token": codigo_fresco(staff.device)})
    assert c.get(ruta + "1").status_code == 200
    assert c.get(ruta + MUY_GRANDE).status_code == 400
    assert c.get(ruta + "9" * 5000).status_code == 400  # past what int() reads


def test_every_banco_admin_refuses_those_filters():
    """The rule is the site's, so an admin registered later gets it too."""
    from comun.admin_site import FiltrosEnRango, banco_site

    assert banco_site._registry and all(isinstance(a, FiltrosEnRango) for a in banco_site._registry.values())
