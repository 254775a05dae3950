from django.contrib import admin
from django.http import HttpRequest

from auditoria.models import Evento
from portal.admin_site import banco_site


@admin.register(Evento, site=banco_site)
class EventoAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only for everybody, bank staff included."""

    list_display = ["creado", "accion", "actor_nombre", "objetivo_descripcion", "empresa", "ip"]
    list_filter = ["accion", "empresa"]
    search_fields = ["actor_nombre", "objetivo_descripcion", "ip"]
    date_hierarchy = "creado"
    list_select_related = ["empresa"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
