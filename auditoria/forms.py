"""Filters of the administrator's audit consult (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# 2018/08/01 as text, as the portal writes dates: a native date input shows "mm/dd/yyyy".
FECHA = {"placeholder": _("aaaa/mm/dd"), "maxlength": "10", "inputmode": "numeric"}


class FiltroAuditoriaForm(forms.Form):
    desde = forms.DateField(label=_("Fecha desde"), required=False,
                            widget=forms.DateInput(attrs=FECHA, format="%Y/%m/%d"))
    hasta = forms.DateField(label=_("Fecha hasta"), required=False,
                            widget=forms.DateInput(attrs=FECHA, format="%Y/%m/%d"))
    usuario = forms.CharField(label=_("Usuario"), max_length=20, required=False)
    accion = forms.ChoiceField(label=_("Acción"), required=False)

    def __init__(self, *args, acciones: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accion"].choices = [("", _("Todas"))] + acciones

    def clean(self) -> dict:
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            self.add_error("hasta", _("La fecha hasta debe ser igual o posterior a la fecha desde."))
        return datos

    def filtros(self) -> dict:
        """The valid filters as keyword arguments of eventos_de_empresa."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"desde": d.get("desde"), "hasta": d.get("hasta"), "usuario": (d.get("usuario") or "").strip(),
                "accion": d.get("accion") or ""}

    def descripcion(self) -> list[tuple[str, str]]:
        """(label, value) of each filter used, for the export's header."""
        usados = []
        for nombre, valor in self.filtros().items():
            if valor:
                campo = self.fields[nombre]
                texto = dict(campo.choices).get(valor, valor) if nombre == "accion" else valor
                usados.append((str(campo.label), texto.strftime("%Y/%m/%d") if hasattr(texto, "strftime") else texto))
        return usados
