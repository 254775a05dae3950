"""{% ruta %} (fixed links reversed once) gives what {% url %} gives, per script prefix."""

from __future__ import annotations

from django.template import engines
from django.urls import reverse, set_script_prefix


def _render(texto: str) -> str:
    return engines["django"].from_string("{% load rutas %}" + texto).render({})


def test_same_path_as_url_tag():
    assert _render("{% ruta 'portal:inicio' %}") == reverse("portal:inicio")
    assert _render("{% ruta 'admin_usuarios:exportar' 'pdf' %}") == reverse("admin_usuarios:exportar", args=["pdf"])


def test_script_prefix_is_part_of_the_key():
    antes = _render("{% ruta 'portal:inicio' %}")
    try:
        set_script_prefix("/occired/")
        assert _render("{% ruta 'portal:inicio' %}") == "/occired" + antes
    finally:
        set_script_prefix("/")
    assert _render("{% ruta 'portal:inicio' %}") == antes
