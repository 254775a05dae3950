"""/banco/: the email outbox, read-only, with a "reintentar" action."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comun import correo
from comun.admin_site import SoloLecturaAdmin, banco_site
from comun.models import CorreoSaliente


@admin.register(CorreoSaliente, site=banco_site)
class CorreoSalienteAdmin(SoloLecturaAdmin):
    list_display = ["creado", "plantilla", "para", "usuario", "estado", "intentos", "proximo_intento", "enviado",
                    "ultimo_error"]
    list_filter = ["estado", "plantilla"]
    search_fields = ["para", "usuario__username"]
    list_select_related = ["usuario"]
    date_hierarchy = "creado"
    actions = ["reintentar"]
    # `contexto` is display data only, but there is no reason to show it either.
    exclude = ["contexto"]

    @admin.action(description=_("Reintentar el envío de los correos seleccionados"))
    def reintentar(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(queryset.exclude(estado=CorreoSaliente.Estado.ENVIADO).values_list("pk", flat=True))
        # Due now, so the beat task also picks them up if the broker is down right now.
        CorreoSaliente.objects.filter(pk__in=ids).update(proximo_intento=timezone.now())
        for correo_id in ids:
            correo.despachar(correo_id)
        omitidos = queryset.count() - len(ids)
        self.message_user(request, _("%(n)d correo(s) enviados a la cola de envío.") % {"n": len(ids)},
                          messages.SUCCESS)
        if omitidos:
            self.message_user(request, _("%(n)d correo(s) ya enviados no se reenvían.") % {"n": omitidos},
                              messages.WARNING)
