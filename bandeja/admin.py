"""/banco/: staff write messages to one company or to all, with validity dates (audited)."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bandeja.actions import do_guardar_mensaje, validar_vigencia
from bandeja.models import Mensaje
from comun.admin_site import EtiquetasBancoMixin, banco_site
from comun.errores import AccionRechazada


class MensajeForm(forms.ModelForm):
    class Meta:
        model = Mensaje
        fields = ["empresa", "titulo", "cuerpo", "vigente_desde", "vigente_hasta"]

    def clean(self):
        datos = super().clean()
        try:
            validar_vigencia(datos.get("vigente_desde"), datos.get("vigente_hasta"))
        except AccionRechazada as exc:
            self.add_error("vigente_hasta", str(exc))
        return datos


@admin.register(Mensaje, site=banco_site)
class MensajeAdmin(EtiquetasBancoMixin, admin.ModelAdmin):
    form = MensajeForm
    list_display = ["titulo", "destinatario", "vigente_desde", "vigente_hasta", "creado_por"]
    list_filter = ["empresa"]
    search_fields = ["titulo"]
    list_select_related = ["empresa", "creado_por"]
    autocomplete_fields: list[str] = []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        partes = getattr(getattr(campo, "widget", None), "widgets", None)
        if partes and len(partes) == 2:
            # The date and the time inputs of a split field have no <label> of their own.
            partes[0].attrs["aria-label"] = f"{campo.label} - {_('Fecha')}"
            partes[1].attrs["aria-label"] = f"{campo.label} - {_('Hora')}"
        return campo

    @admin.display(description=_("Empresa"))
    def destinatario(self, obj: Mensaje) -> str:
        return str(obj.empresa) if obj.empresa_id else str(_("Todas las empresas"))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {**super().get_changeform_initial_data(request), "vigente_desde": timezone.now()}

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A message is withdrawn by ending its validity: what was published stays on record.
        return False

    def save_model(self, request: HttpRequest, obj: Mensaje, form, change: bool) -> None:
        do_guardar_mensaje(obj, actor=request.user, request=request)
