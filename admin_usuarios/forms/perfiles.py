"""Perfiles form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions.perfiles import OPCIONES_PERFIL
from admin_usuarios.models import Empresa, Perfil


class PerfilForm(forms.Form):
    nombre = forms.CharField(label=_("Nombre"), max_length=50)
    tipo = forms.ChoiceField(
        label=_("Tipo de perfil"), choices=Perfil.Tipo.choices, widget=forms.RadioSelect,
        help_text=_("Operador: consulta y captura. Supervisor: consulta y aprobación. "
                    "Ambos: consulta, captura y aprobación, pero nunca aprueba lo que él mismo capturó."),
    )
    opciones = forms.MultipleChoiceField(
        label=_("Opciones del menú"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(grupo), opciones) for grupo, opciones in OPCIONES_PERFIL],
    )
    aprobaciones = forms.IntegerField(label=_("Número de aprobaciones"), min_value=0, max_value=5, initial=1,
                                      help_text=_("Entre 0 y 5 (0: las operaciones se ejecutan al capturarlas)."))

    def __init__(self, *args, empresa: Empresa, perfil: Perfil | None = None, **kwargs) -> None:
        self.empresa, self.perfil = empresa, perfil
        if perfil is not None and "initial" not in kwargs:
            kwargs["initial"] = {"nombre": perfil.nombre, "tipo": perfil.tipo, "opciones": perfil.opciones,
                                 "aprobaciones": perfil.aprobaciones}
        super().__init__(*args, **kwargs)

    def clean_nombre(self) -> str:
        nombre = self.cleaned_data["nombre"].strip()
        otros = Perfil.objects.filter(empresa=self.empresa, nombre__iexact=nombre)
        if self.perfil is not None:
            otros = otros.exclude(pk=self.perfil.pk)
        if otros.exists():
            raise forms.ValidationError(_("Ya existe un perfil con ese nombre."), code="duplicado")
        return nombre
