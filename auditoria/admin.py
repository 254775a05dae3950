from django.contrib import admin

from auditoria.models import Evento
from comun.admin_site import SoloLecturaAdmin, banco_site


@admin.register(Evento, site=banco_site)
class EventoAdmin(SoloLecturaAdmin):
    """Read-only: the audit trail is append-only for everybody, bank staff included."""

    list_display = ["creado", "accion", "actor_nombre", "objetivo_descripcion", "empresa", "ip"]
    list_filter = ["accion", "empresa"]
    search_fields = ["actor_nombre", "objetivo_descripcion", "ip"]
    date_hierarchy = "creado"
    list_select_related = ["empresa"]
