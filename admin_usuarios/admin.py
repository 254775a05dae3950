from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions import do_desbloquear_usuario
from admin_usuarios.models import Empresa, Horario, Perfil, Producto, ReglaIP, Usuario
from portal.admin_site import banco_site


class HorarioEmpresaInline(admin.StackedInline):
    model = Horario
    fk_name = "empresa"
    extra = 0
    max_num = 1
    exclude = ["usuario"]


class ProductoInline(admin.TabularInline):
    model = Producto
    extra = 0


class ReglaIPEmpresaInline(admin.TabularInline):
    model = ReglaIP
    extra = 0
    fields = ["red", "descripcion"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(usuario__isnull=True)


@admin.register(Empresa, site=banco_site)
class EmpresaAdmin(admin.ModelAdmin):
    list_display = ["razon_social", "nit", "identificador_interno", "estado", "intentos_maximos", "inactividad_minutos"]
    list_filter = ["estado"]
    search_fields = ["razon_social", "nit", "identificador_interno"]
    inlines = [HorarioEmpresaInline, ProductoInline, ReglaIPEmpresaInline]


@admin.register(Perfil, site=banco_site)
class PerfilAdmin(admin.ModelAdmin):
    list_display = ["nombre", "empresa", "tipo", "aprobaciones"]
    list_filter = ["tipo"]
    search_fields = ["nombre", "empresa__razon_social"]
    list_select_related = ["empresa"]


@admin.register(Usuario, site=banco_site)
class UsuarioAdmin(admin.ModelAdmin):
    list_display = ["username", "nombre_completo", "empresa", "es_administrador", "estado", "is_staff", "last_login"]
    list_filter = ["estado", "es_administrador", "is_staff"]
    search_fields = ["username", "nombres", "primer_apellido", "empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa", "perfil"]
    actions = ["desbloquear"]
    # Passwords, session, failure counters and state are changed only through actions.
    readonly_fields = [
        "estado", "password", "last_login", "ingreso_anterior", "ultima_ip", "intentos_fallidos",
        "debe_cambiar_clave", "clave_temporal_expira", "clave_temporal_usada", "imagen_seguridad", "creado",
    ]
    exclude = ["user_permissions", "groups", "sesion_actual"]

    @admin.action(description=_("Desbloquear los usuarios seleccionados"))
    def desbloquear(self, request: HttpRequest, queryset: QuerySet) -> None:
        hechos = 0
        for usuario in queryset.filter(estado=Usuario.Estado.BLOQUEADO):
            do_desbloquear_usuario(usuario, actor=request.user, request=request)
            hechos += 1
        self.message_user(request, _("%(n)d usuario(s) desbloqueado(s).") % {"n": hechos}, messages.SUCCESS)
