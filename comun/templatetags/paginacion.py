"""{% paginacion pagina consulta %}: the paging footer of the list screens, rendered once per
page number, page count, query string and language.

Its dozen links through the template engine cost a list page more than its rows; the HTML
depends only on those values (and the language, part of the key).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def paginacion(pagina: Page, consulta: str = "") -> SafeString:
    return _html(pagina.paginator.num_pages, pagina.number, str(consulta), translation.get_language())


@lru_cache(maxsize=2048)
def _html(paginas: int, numero: int, consulta: str, idioma: str) -> SafeString:
    if paginas <= 1:
        return mark_safe("")  # noqa: S308 (empty)
    rango = Paginator(range(paginas), 1).get_elided_page_range(numero)
    enlaces = [None if n == Paginator.ELLIPSIS else n for n in rango]  # None: the ellipsis
    contexto = {"numero": numero, "paginas": paginas, "enlaces": enlaces, "consulta": consulta}
    return mark_safe(render_to_string("comun/_paginacion_enlaces.html", contexto))  # noqa: S308 (our template)
