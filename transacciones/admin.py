"""/banco/: operations and registered accounts, read-only. Staff can run, on selected
operations, the same actions as Celery beat (expire what is due, execute the Programadas
whose day came): nothing here writes an operation's state any other way."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from comun.admin_site import SoloLecturaAdmin, banco_site
from transacciones.actions.operaciones import do_ejecutar_programada, do_vencer_operacion
from transacciones.models import Beneficiario, Operacion


@admin.register(Operacion, site=banco_site)
class OperacionAdmin(SoloLecturaAdmin):
    list_display = ["id", "empresa", "tipo", "origen", "monto", "fecha_programada", "estado", "captor",
                    "aprobaciones", "creada"]
    list_filter = ["estado", "tipo", "empresa"]
    search_fields = ["id", "referencia", "captor__username"]
    list_select_related = ["empresa", "origen", "captor"]
    actions = ["vencer", "ejecutar_programadas"]

    @admin.display(description=_("Aprobaciones"))
    def aprobaciones(self, op: Operacion) -> str:
        """Received / required, in one column (the two took a quarter of the list's width)."""
        return f"{op.aprobaciones_recibidas} / {op.aprobaciones_requeridas}"

    @admin.action(description=_("Vencer las seleccionadas cuyo plazo de aprobación pasó"))
    def vencer(self, request: HttpRequest, queryset: QuerySet[Operacion]) -> None:
        n = sum(do_vencer_operacion(pk, actor=request.user, request=request) is not None
                for pk in queryset.values_list("pk", flat=True))
        messages.info(request, _("%(n)d operación(es) vencida(s).") % {"n": n})

    @admin.action(description=_("Ejecutar las Programadas seleccionadas cuyo día llegó"))
    def ejecutar_programadas(self, request: HttpRequest, queryset: QuerySet[Operacion]) -> None:
        n = sum(do_ejecutar_programada(pk, actor=request.user, request=request) is not None
                for pk in queryset.values_list("pk", flat=True))
        messages.info(request, _("%(n)d operación(es) ejecutada(s).") % {"n": n})


@admin.register(Beneficiario, site=banco_site)
class BeneficiarioAdmin(SoloLecturaAdmin):
    list_display = ["alias", "empresa", "titular", "banco", "tipo_cuenta", "numero_cuenta", "estado", "inscrito_por",
                    "activado_por"]
    list_filter = ["estado", "banco", "empresa"]
    search_fields = ["alias", "titular", "numero_cuenta"]
