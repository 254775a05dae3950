"""Token forms: validation only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comun.entradas import solo_digitos
from tokens.models import TokenVirtual


class FiltroForm(forms.Form):
    fecha = forms.DateField(
        label=_("Última Actualización"), required=False,
        # 2018/08/01 as text, as the portal writes dates: a native date input shows "mm/dd/yyyy".
        widget=forms.DateInput(attrs={"class": "form-control", "placeholder": _("aaaa/mm/dd"), "maxlength": "10",
                                      "inputmode": "numeric"}, format="%Y/%m/%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        error_messages={"invalid": _("Ingrese una fecha válida (AAAA/MM/DD).")},
    )
    estado = forms.ChoiceField(
        label=_("Estado"), required=False, widget=forms.Select(attrs={"class": "form-select"}),
        choices=[("", _("Todos"))] + [(e, TokenVirtual.Estado(e).label) for e in TokenVirtual.ESTADOS_EN_USO],
    )
    q = forms.CharField(label=_("Filtrar"), required=False, max_length=60,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    def filtros(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"estado": d.get("estado") or "", "fecha": d.get("fecha"), "texto": d.get("q") or ""}


class AccionForm(forms.Form):
    """The row selected in the list and the button pressed."""

    ACCIONES = [
        ("activar", _("Activar")),
        ("inactivar", _("Inactivar")),
        ("liberar", _("Liberar")),
    ]
    token = forms.IntegerField(error_messages={"required": _("Seleccione un token de la lista.")})
    accion = forms.ChoiceField(choices=ACCIONES)


class CodigoEnrolamientoForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código de su aplicación"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Ingrese el código de 6 dígitos que muestra su aplicación."),
                        "min_length": _("El código tiene 6 dígitos.")},
    )

    def clean_codigo(self) -> str:
        codigo = self.cleaned_data["codigo"].strip()
        if not solo_digitos(codigo):
            raise forms.ValidationError(_("El código tiene solo dígitos."))
        return codigo
