from django.urls import path

from admin_usuarios.views import contrasena, usuarios

app_name = "admin_usuarios"

urlpatterns = [
    path("", usuarios.consultar, name="consultar"),
    path("nuevo/", usuarios.crear, name="crear"),
    path("imprimir/", usuarios.imprimir, name="imprimir"),
    path("exportar/<str:formato>/", usuarios.exportar, name="exportar"),
    path("exportaciones/<str:trabajo>/", usuarios.exportacion, name="exportacion"),
    path("exportaciones/<str:trabajo>/estado/", usuarios.exportacion_estado, name="exportacion_estado"),
    path("exportaciones/<str:trabajo>/descargar/", usuarios.exportacion_descargar, name="exportacion_descargar"),
    path("<int:pk>/", usuarios.principal, name="principal"),
    path("<int:pk>/editar/", usuarios.editar, name="editar"),
    path("<int:pk>/productos/", usuarios.productos, name="productos"),
    path("<int:pk>/contrasena/", contrasena.contrasena, name="contrasena"),
    path("<int:pk>/contrasena/generar/", contrasena.generar_contrasena, name="generar_contrasena"),
]
# Días y Horarios (admin_usuarios:horarios) belongs to seguridad: seguridad.urls.pestanas.
