"""{% segunda_linea %}: the small second line of a list cell that shows two values.

The wide lists of the portal fit a 1366 px screen by putting a second value under the first
one in the same cell (the type under the number, the destination under the origin, the IP
under the time). The column's header names the first value; the second line says its own
label to screen readers only, so that nobody hears a value without knowing what it is.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def segunda_linea(*pares, separador: str = " · ", clase: str = "", flecha: bool = False) -> SafeString:
    """`pares`: label, value, label, value… Each value after its label (read aloud, not shown),
    joined by `separador`. `flecha`: an arrow before the line (what the first value goes to)."""
    if not pares or len(pares) % 2:
        raise template.TemplateSyntaxError("segunda_linea: label and value pairs")
    partes = format_html_join(separador, '<span class="visually-hidden">{}: </span>{}',
                              zip(pares[::2], pares[1::2], strict=True))
    inicio = mark_safe('<span aria-hidden="true">&rarr; </span>') if flecha else ""  # noqa: S308 (constant)
    return format_html('<span class="d-block small{}">{}{}</span>', f" {clase}" if clase else "", inicio, partes)
