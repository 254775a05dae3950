"""The upload form of Pagos por Archivo. The action checks everything again."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Usuario
from archivos.models import Archivo
from transacciones import access


class CargaForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo de pago"), choices=Archivo.Tipo.choices, widget=forms.RadioSelect)
    origen = forms.TypedChoiceField(label=_("Producto origen"), coerce=int)
    archivo = forms.FileField(label=_("Archivo (.csv o .xlsx)"),
                              widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
                              error_messages={"required": _("Elija el archivo a cargar."),
                                              "empty": _("El archivo está vacío.")})
    clave = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, data=None, files=None, *, user: Usuario) -> None:
        super().__init__(data, files, initial={"clave": uuid.uuid4(), "tipo": Archivo.Tipo.NOMINA})
        self.productos = {p.pk: p for p in access.productos_origen(user)}
        self.fields["origen"].choices = [("", _("Seleccione…"))] + [
            (p.pk, f"{p.get_tipo_display()} {p.nombre} - {p.numero}") for p in self.productos.values()]
        self.fields["origen"].widget.attrs["class"] = "form-select"
        self.fields["archivo"].widget.attrs["class"] = "form-control"
        maximo = settings.OCCIRED_ARCHIVOS_MAX_BYTES // (1024 * 1024)
        self.fields["archivo"].help_text = _("Hasta %(mb)s MB y %(n)s filas. Codificación UTF-8 o Latin-1, "
                                             "separador ; o ,.") % {
            "mb": maximo, "n": f"{settings.OCCIRED_ARCHIVOS_MAX_FILAS:,}".replace(",", ".")}

    def clean_archivo(self):
        subido = self.cleaned_data["archivo"]
        if subido.size > settings.OCCIRED_ARCHIVOS_MAX_BYTES:
            raise forms.ValidationError(_("El archivo pesa más de %(n)s MB.")
                                        % {"n": settings.OCCIRED_ARCHIVOS_MAX_BYTES // (1024 * 1024)})
        if not subido.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Cargue un archivo .csv o .xlsx."))
        return subido

    def datos_accion(self) -> dict:
        d = self.cleaned_data
        return {"subido": d["archivo"], "tipo": d["tipo"], "origen": self.productos[d["origen"]], "clave": d["clave"]}
