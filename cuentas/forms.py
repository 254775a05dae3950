"""Validation of the Consultas filters (product, period, search, page size)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Producto

TAMANOS_PAGINA = (10, 25, 50)
FORMATOS_FECHA = ["%Y-%m-%d", "%Y/%m/%d"]


@dataclass(frozen=True)
class Filtro:
    producto_id: int | None
    desde: dt.date
    hasta: dt.date
    texto: str
    tamano: int


def este_mes() -> tuple[dt.date, dt.date]:
    hoy = timezone.localdate()
    return hoy.replace(day=1), hoy


class MovimientosForm(forms.Form):
    # A plain number: the view resolves it through cuentas.access (404 for a product
    # the user may not see), instead of silently falling back to another one.
    producto = forms.IntegerField(label=_("Producto"), required=False, min_value=1, widget=forms.Select)
    desde = forms.DateField(label=_("Fecha inicial"), required=False, input_formats=FORMATOS_FECHA,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hasta = forms.DateField(label=_("Fecha final"), required=False, input_formats=FORMATOS_FECHA,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    q = forms.CharField(label=_("Referencia o monto"), max_length=40, required=False)
    ver = forms.TypedChoiceField(label=_("Ver"), choices=[(n, n) for n in TAMANOS_PAGINA], coerce=int,
                                 required=False)

    def __init__(self, data=None, *, productos: list[Producto]) -> None:
        inicio, hoy = este_mes()
        super().__init__(data, initial={"desde": inicio, "hasta": hoy, "ver": TAMANOS_PAGINA[0]})
        self.productos = productos
        self.fields["producto"].widget.choices = [
            (p.pk, f"{p.get_tipo_display()} {p.nombre} - {p.numero}") for p in productos
        ]
        for campo in self.fields.values():
            select = isinstance(campo.widget, forms.Select)
            clase = "form-select form-select-sm" if select else "form-control form-control-sm"
            campo.widget.attrs.setdefault("class", clase)
        self.fields["q"].widget.attrs["placeholder"] = _("Ej. FAC-1020 o 1.500.000")

    def clean(self) -> dict:
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", _("La fecha final debe ser igual o posterior a la fecha inicial."))
        return datos

    def filtro(self) -> Filtro:
        """The period and product asked for; this month and the first product by default."""
        datos: dict = {}
        if self.is_bound:
            self.is_valid()
            datos = self.cleaned_data  # the valid fields; an invalid one falls back to its default
        inicio, hoy = este_mes()
        producto_id = datos.get("producto") or (self.productos[0].pk if self.productos else None)
        return Filtro(producto_id=producto_id, desde=datos.get("desde") or inicio, hasta=datos.get("hasta") or hoy,
                      texto=(datos.get("q") or "").strip(), tamano=datos.get("ver") or TAMANOS_PAGINA[0])
