from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from admin_usuarios import urls as urls_usuarios
from comun.admin_site import banco_site
from seguridad import urls as urls_seguridad

urlpatterns = [
    # The outbox model moved from portal to comun; old bookmarks of /banco/ still work.
    path("banco/portal/correosaliente/", RedirectView.as_view(url="/banco/comun/correosaliente/", query_string=True)),
    path("banco/", banco_site.urls),
    path("i18n/idioma/", set_language, name="set_language"),
    # The user tabs are admin_usuarios' plus Días y Horarios, which seguridad owns.
    path("administracion/usuarios/",
         include((urls_usuarios.urlpatterns + urls_seguridad.pestanas, "admin_usuarios"))),
    path("administracion/topes/", include("topes.urls")),
    path("administracion/tokens/", include("tokens.urls")),
    path("administracion/seguridad/", include("seguridad.urls")),
    path("administracion/auditoria/", include("auditoria.urls")),
    path("consultas/", include("cuentas.urls")),
    path("transacciones/pagos-por-archivo/", include("archivos.urls")),
    path("transacciones/", include("transacciones.urls")),
    path("servicio/", include("bandeja.urls")),
    path("servicio/", include("servicio.urls")),
    path("", include("portal.urls")),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
