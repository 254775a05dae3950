"""Namespace "seguridad" (administracion/seguridad/): Perfiles and Activación/Inactivación
(screens of admin_usuarios, under the URLs they always had), IP's and Parámetros."""

from django.urls import path

from admin_usuarios.views import estados, perfiles
from seguridad.views import horarios, ips, parametros

app_name = "seguridad"

urlpatterns = [
    path("activacion/", estados.activacion, name="activacion"),
    path("activacion/<int:pk>/", estados.estado, name="estado"),
    path("perfiles/", perfiles.perfiles, name="perfiles"),
    path("perfiles/nuevo/", perfiles.perfil_crear, name="perfil_crear"),
    path("perfiles/<int:pk>/", perfiles.perfil_editar, name="perfil_editar"),
    path("perfiles/<int:pk>/eliminar/", perfiles.perfil_eliminar, name="perfil_eliminar"),
    path("ips/", ips.ips, name="ips"),
    path("ips/usuario/<int:pk>/", ips.ips_usuario, name="ips_usuario"),
    path("ips/<int:pk>/eliminar/", ips.ip_eliminar, name="ip_eliminar"),
    path("parametros/", parametros.parametros, name="parametros"),
]

# The Días y Horarios tab of Configurar y Modificar keeps its place among the user tabs
# (namespace "admin_usuarios"); occired/urls.py mounts it there.
pestanas = [
    path("<int:pk>/horarios/", horarios.horarios, name="horarios"),
]
