"""Widgets rendered in Python instead of through the form renderer's templates.

Django renders every widget (and every <option>) with its template engine; on a
list page's filter bar that is about a millisecond per request, more than the
page's own queries. These two produce the same markup as Django's TextInput and
Select for flat choices (attributes from `build_attrs`, every value escaped with
the standard library's `html.escape`, which Django's own `escape` wraps), and are
used where a page is opened all day (Consultar).
"""

from __future__ import annotations

from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe


def atributos(attrs: dict) -> str:
    """` name="value"` pairs like django.forms.utils.flatatt: True → bare name, False/None → left out."""
    partes = []
    for nombre, valor in attrs.items():
        if valor is True:
            partes.append(f" {escape(nombre)}")
        elif valor is not False and valor is not None:
            partes.append(f' {escape(nombre)}="{escape(str(valor))}"')
    return "".join(partes)


class EntradaTexto(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        valor = self.format_value(value)
        if valor is not None:
            final["value"] = valor
        return mark_safe(f'<input type="{escape(self.input_type)}" name="{escape(name)}"{atributos(final)}>')  # noqa: S308


class Seleccion(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        elegidos = set(self.format_value(value))
        opciones = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) in elegidos else ""}>{escape(str(e))}</option>'
            for v, e in self.choices)
        return mark_safe(f'<select name="{escape(name)}"{atributos(final)}>{opciones}</select>')  # noqa: S308
