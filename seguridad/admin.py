"""/banco/: a company's security parameters, schedule and IP allow-list, saved through
seguridad's actions (audited, user schedules narrowed, networks normalised).

admin_usuarios registers the company's identity and products; this module extends
that page with what seguridad owns, so the layers keep running one way.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admin_usuarios.admin import EmpresaAdmin
from admin_usuarios.models import Empresa, Horario, ReglaIP
from comun.admin_site import banco_site
from seguridad.actions.ips import do_agregar_regla_ip, do_eliminar_regla_ip
from seguridad.actions.parametros import CAMPOS_PARAMETROS, do_cambiar_parametros


class HorarioEmpresaInline(admin.StackedInline):
    model = Horario
    fk_name = "empresa"
    extra = 1
    max_num = 1
    exclude = ["usuario"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReglasIPFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for f in self.forms:
            if f.instance.pk and f.has_changed() and not f.cleaned_data.get("DELETE"):
                raise forms.ValidationError(_("Para cambiar una IP permitida, elimínela y agregue la nueva."))


class ReglaIPEmpresaInline(admin.TabularInline):
    model = ReglaIP
    formset = ReglasIPFormSet
    extra = 0
    fields = ["red", "descripcion"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(usuario__isnull=True)


banco_site.unregister(Empresa)


@admin.register(Empresa, site=banco_site)
class EmpresaSeguridadAdmin(EmpresaAdmin):
    fields = [*EmpresaAdmin.fields[:-1], *CAMPOS_PARAMETROS, EmpresaAdmin.fields[-1]]
    inlines = [HorarioEmpresaInline, *EmpresaAdmin.inlines, ReglaIPEmpresaInline]
    _PROPIOS = (Horario, ReglaIP)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        empresa = form.instance
        horario: dict = {}
        for formset in formsets:
            if formset.model is Horario:
                for f in formset.forms:
                    if f.cleaned_data:
                        horario = {c: f.cleaned_data[c] for c in Horario.CAMPOS if c in f.cleaned_data}
        parametros = {c: form.cleaned_data[c] for c in CAMPOS_PARAMETROS if c in form.cleaned_data}
        do_cambiar_parametros(empresa, parametros=parametros, horario=horario, actor=request.user, request=request)
        for formset in formsets:
            if formset.model is not ReglaIP:
                continue
            for f in formset.forms:
                if not f.cleaned_data:
                    continue
                if f.instance.pk and f.cleaned_data.get("DELETE"):
                    do_eliminar_regla_ip(f.instance, actor=request.user, request=request)
                elif f.instance.pk is None and f.has_changed():
                    do_agregar_regla_ip(empresa, red=f.cleaned_data["red"],
                                        descripcion=f.cleaned_data.get("descripcion", ""),
                                        actor=request.user, request=request)
        super().save_related(request, form, formsets, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model in self._PROPIOS:
            # Saved above through the actions.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_formset(request, form, formset, change)
