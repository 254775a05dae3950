from django.contrib import admin

from portal.admin_site import banco_site
from tokens.models import TokenVirtual


@admin.register(TokenVirtual, site=banco_site)
class TokenVirtualAdmin(admin.ModelAdmin):
    list_display = ["serial", "empresa", "usuario", "estado", "actualizado"]
    list_filter = ["estado", "empresa"]
    search_fields = ["serial", "usuario__username"]
    list_select_related = ["empresa", "usuario"]
    readonly_fields = ["estado", "dispositivo", "usuario"]
