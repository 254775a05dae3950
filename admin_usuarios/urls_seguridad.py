from django.urls import path

from admin_usuarios import views_seguridad as views

app_name = "seguridad"

urlpatterns = [
    path("activacion/", views.activacion, name="activacion"),
    path("activacion/<int:pk>/", views.estado, name="estado"),
    path("perfiles/", views.perfiles, name="perfiles"),
    path("perfiles/nuevo/", views.perfil_crear, name="perfil_crear"),
    path("perfiles/<int:pk>/", views.perfil_editar, name="perfil_editar"),
    path("perfiles/<int:pk>/eliminar/", views.perfil_eliminar, name="perfil_eliminar"),
    path("ips/", views.ips, name="ips"),
    path("ips/usuario/<int:pk>/", views.ips_usuario, name="ips_usuario"),
    path("ips/<int:pk>/eliminar/", views.ip_eliminar, name="ip_eliminar"),
    path("parametros/", views.parametros, name="parametros"),
]
