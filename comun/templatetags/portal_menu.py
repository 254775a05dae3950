"""{% menu_principal %}: the top menu's HTML, rendered once per role and language.

The menu depends only on the role, the profile's options (comun.menu.menu_de_rol) and the language, and it
is on every page: rendering its ~40 links through the template engine on each
request cost as much as a page's own queries.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from comun.menu import menu_de_rol, opciones_de

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_principal(context) -> SafeString:
    user = context.get("user")
    es_admin = bool(getattr(user, "es_administrador", False))
    return _html(es_admin, frozenset() if es_admin else opciones_de(user), translation.get_language())


@lru_cache(maxsize=128)
def _html(es_admin: bool, opciones: frozenset[str], idioma: str) -> SafeString:
    with translation.override(idioma):
        return mark_safe(render_to_string("portal/_menu.html", {"menu": menu_de_rol(es_admin, opciones)}))  # noqa: S308 (our template)
