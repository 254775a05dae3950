"""{% menu_principal %}: the top menu's HTML, rendered once per role and language.

The menu depends only on the role (comun.menu.menu_de_rol) and the language, and it
is on every page: rendering its ~40 links through the template engine on each
request cost as much as a page's own queries.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from comun.menu import menu_de_rol

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_principal(context) -> SafeString:
    user = context.get("user")
    return _html(bool(getattr(user, "es_administrador", False)), translation.get_language())


@lru_cache(maxsize=8)
def _html(es_admin: bool, idioma: str) -> SafeString:
    with translation.override(idioma):
        return mark_safe(render_to_string("portal/_menu.html", {"menu": menu_de_rol(es_admin)}))  # noqa: S308 (our template)
