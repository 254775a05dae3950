from django.urls import include, path
from django.views.i18n import set_language

from portal.admin_site import banco_site

urlpatterns = [
    path("banco/", banco_site.urls),
    path("i18n/idioma/", set_language, name="set_language"),
    path("administracion/usuarios/", include("admin_usuarios.urls")),
    path("administracion/topes/", include("topes.urls")),
    path("administracion/tokens/", include("tokens.urls")),
    path("administracion/seguridad/", include("admin_usuarios.urls_seguridad")),
    path("administracion/auditoria/", include("auditoria.urls")),
    path("consultas/", include("cuentas.urls")),
    path("", include("portal.urls")),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
