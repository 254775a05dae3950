from django.urls import path

from admin_usuarios import views

app_name = "admin_usuarios"

urlpatterns = [
    path("", views.consultar, name="consultar"),
    path("nuevo/", views.crear, name="crear"),
    path("imprimir/", views.imprimir, name="imprimir"),
    path("exportar/<str:formato>/", views.exportar, name="exportar"),
    path("exportaciones/<str:trabajo>/", views.exportacion, name="exportacion"),
    path("exportaciones/<str:trabajo>/estado/", views.exportacion_estado, name="exportacion_estado"),
    path("exportaciones/<str:trabajo>/descargar/", views.exportacion_descargar, name="exportacion_descargar"),
    path("<int:pk>/", views.principal, name="principal"),
    path("<int:pk>/editar/", views.editar, name="editar"),
    path("<int:pk>/productos/", views.productos, name="productos"),
    path("<int:pk>/horarios/", views.horarios, name="horarios"),
    path("<int:pk>/contrasena/", views.contrasena, name="contrasena"),
    path("<int:pk>/contrasena/generar/", views.generar_contrasena, name="generar_contrasena"),
]

# Perfiles, Activación/Inactivación and Seguridad: admin_usuarios/urls_seguridad.py,
# mounted at administracion/seguridad/ (namespace "seguridad").
