"""The layout fragments rendered once per what they show: {% bienvenida %} and {% paginacion %}."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import timezone, translation

from comun.templatetags import bienvenida, paginacion
from tests.factories import crear_empresa, crear_usuario

pytestmark = pytest.mark.django_db


class _Contador(int):
    """A counter of the home panel (portal.context_processors): an int with its link flag."""

    def __new__(cls, n: int, **flags):
        c = super().__new__(cls, n)
        c.__dict__.update(flags)
        return c


def _panel(user, *, mensajes=0, autorizaciones=0, notificaciones=0, lee=True, aprueba=True) -> str:
    avisos = {"mensajes": _Contador(mensajes, puede_leer=lee), "autorizaciones": _Contador(autorizaciones, aprueba=aprueba),
              "notificaciones": notificaciones}
    return Template("{% load bienvenida %}{% bienvenida %}").render(Context({"user": user, "avisos": avisos}))


@pytest.fixture
def usuario():
    u = crear_usuario(crear_empresa(), "panelista")
    u.ingreso_anterior = timezone.make_aware(dt.datetime(2026, 11, 2, 8, 5))
    return u


def test_the_panel_shows_the_users_values_and_counters(usuario):
    html = _panel(usuario, mensajes=2, autorizaciones=3, notificaciones=4)
    assert usuario.nombre_completo in html and "COMERCIALIZADORA" in html.upper() and "900123456-8" in html
    assert "Identificador Interno: 015829393" in html and "2026/11/02 08:05" in html
    assert "Usted tiene 2 Mensaje(s)" in html and 'id="enlace-mensajes"' in html
    assert 'href="/transacciones/aprobaciones/" id="enlace-autorizaciones">Usted tiene 3 Autorización(es)' in html
    assert "Usted tiene 4 Notificación(es)" in html and "occi-link fw-bold" in html
    sin = _panel(usuario, lee=False, aprueba=False)
    assert 'id="enlace-mensajes"' not in sin and 'id="enlace-autorizaciones"' not in sin
    assert "Usted tiene 0 Autorización(es)" in sin and "occi-link fw-bold" not in sin


def test_a_changed_value_language_or_time_zone_is_a_new_panel(usuario):
    antes = _panel(usuario, notificaciones=1)
    assert "Usted tiene 1 Notificación(es)" in antes
    assert "Usted tiene 2 Notificación(es)" in _panel(usuario, notificaciones=2)
    usuario.nombres = "Renombrado"
    assert "Renombrado" in _panel(usuario, notificaciones=1)
    with translation.override("en"):
        ingles = _panel(usuario, notificaciones=1)
    assert "Usted tiene" not in ingles and "1" in ingles
    with timezone.override("UTC"):
        assert "2026/11/02 13:05" in _panel(usuario, notificaciones=1)  # 08:05 in Bogotá


def test_the_same_values_render_the_template_once(usuario, monkeypatch):
    bienvenida._html.cache_clear()
    veces = []
    original = bienvenida.render_to_string
    monkeypatch.setattr(bienvenida, "render_to_string", lambda *a, **k: veces.append(1) or original(*a, **k))
    primero = _panel(usuario, mensajes=1)
    assert _panel(usuario, mensajes=1) == primero and len(veces) == 1
    _panel(usuario, mensajes=5)
    assert len(veces) == 2


def _pie(numero: int, paginas: int, consulta: str = "") -> str:
    pagina = Paginator(range(paginas * 10), 10).page(numero)
    return Template("{% load paginacion %}{% paginacion pagina consulta %}").render(
        Context({"pagina": pagina, "consulta": consulta}))


def test_paging_shows_the_pages_around_the_current_one():
    html = _pie(50, 100, "desde=2026-11-01&estado=<x>")
    for n in (1, 2, 47, 48, 49, 51, 52, 53, 99, 100):
        assert f"estado=&lt;x&gt;&amp;pagina={n}\"" in html
    assert '<li class="page-item active" aria-current="page"><span class="page-link">50</span>' in html
    assert html.count("…") == 2 and "pagina=46\"" not in html and "pagina=54\"" not in html
    assert ">Primero<" in html and ">Último<" in html and 'aria-label="Anterior"' in html


def test_paging_at_the_ends_and_of_one_page():
    primera = _pie(1, 3)
    assert ">Primero<" not in primera and 'href="?pagina=2"' in primera and ">Último<" in primera
    ultima = _pie(3, 3)
    assert ">Primero<" in ultima and ">Último<" not in ultima and 'href="?pagina=2"' in ultima
    assert _pie(1, 1).strip() == ""
    with translation.override("en"):
        ingles = _pie(2, 3)
    assert ">First<" in ingles and ">Last<" in ingles and ">Primero<" in _pie(2, 3)


def test_the_same_page_of_the_same_list_renders_the_footer_once(monkeypatch):
    paginacion._html.cache_clear()
    veces = []
    original = paginacion.render_to_string
    monkeypatch.setattr(paginacion, "render_to_string", lambda *a, **k: veces.append(1) or original(*a, **k))
    assert _pie(4, 9, "ver=50") == _pie(4, 9, "ver=50") and len(veces) == 1
    _pie(4, 9, "ver=20")
    assert len(veces) == 2


def test_the_second_line_of_a_cell_says_each_values_label_to_screen_readers_only():
    from django.template import Context, Template, TemplateSyntaxError

    from comun.templatetags.celdas import segunda_linea

    html = segunda_linea("Tipo Identificación", "NIT", "No. Identificación", "<b>900</b>", separador=" ")
    assert html == ('<span class="d-block small"><span class="visually-hidden">Tipo Identificación: </span>NIT '
                    '<span class="visually-hidden">No. Identificación: </span>&lt;b&gt;900&lt;/b&gt;</span>')
    assert segunda_linea("Destino", "ProvCauca", flecha=True, clase="fecha") == (
        '<span class="d-block small fecha"><span aria-hidden="true">&rarr; </span>'
        '<span class="visually-hidden">Destino: </span>ProvCauca</span>')
    pagina = Template('{% load celdas %}{% segunda_linea "Tipo" a "Fecha" b %}').render(Context({"a": "x", "b": "y"}))
    assert pagina.endswith('Tipo: </span>x · <span class="visually-hidden">Fecha: </span>y</span>')
    with pytest.raises(TemplateSyntaxError):
        segunda_linea("Tipo")
