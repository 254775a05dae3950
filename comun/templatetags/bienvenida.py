"""{% bienvenida %}: the welcome panel of every portal page, rendered once per what it shows.

The panel shows the user's name and company, their last login and three counters; it is on
every page, and rendering it through the template engine each time (a dozen translations,
three counters with their links) cost more than its queries. The HTML is a pure function of
those values, the language, the time zone and the URL conf, so it is rendered once per
distinct set of them (the counters are still counted on every request: a new message or a
new operation to approve changes the key).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def bienvenida(context) -> SafeString:
    user, avisos = context["user"], context["avisos"]
    empresa = user.empresa
    mensajes, autorizaciones = avisos["mensajes"], avisos["autorizaciones"]
    valores = (
        ("nombre", user.nombre_completo), ("razon_social", empresa.razon_social), ("nit", empresa.nit),
        ("identificador", empresa.identificador_interno), ("ingreso_anterior", user.ingreso_anterior),
        ("lee_mensajes", bool(getattr(mensajes, "puede_leer", False))), ("mensajes", int(mensajes)),
        ("aprueba", bool(getattr(autorizaciones, "aprueba", False))), ("autorizaciones", int(autorizaciones)),
        ("notificaciones", int(avisos["notificaciones"])),
    )
    return _html(valores, translation.get_language(), timezone.get_current_timezone_name(), get_urlconf(),
                 get_script_prefix())


@lru_cache(maxsize=2048)
def _html(valores: tuple, idioma: str, zona: str, urlconf: str | None, prefijo: str) -> SafeString:
    # Rendered in the request's own language, time zone and URL conf (all part of the key).
    return mark_safe(render_to_string("portal/_bienvenida.html", dict(valores)))  # noqa: S308 (our template, autoescaped)
