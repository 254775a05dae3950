"""{% ruta 'nombre' [arg …] %}: {% url %} for fixed URLs, reversed once.

The layout and the list pages carry a dozen fixed links; Django reverses each on
every request (about 20 µs apiece, more than a page's row rendering). The paths
depend only on the URL conf and the script prefix, which are part of the key.
Use {% url %} for anything that varies per row or per request.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def ruta(nombre: str, *args) -> str:
    return _ruta(nombre, args, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=256)
def _ruta(nombre: str, args: tuple, urlconf: str | None, prefijo: str) -> str:
    return reverse(nombre, args=args or None, urlconf=urlconf)
