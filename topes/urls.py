from django.urls import path

from topes import views

app_name = "topes"

urlpatterns = [
    path("usuario/<int:pk>/", views.asignar, name="asignar"),
    path("montos/", views.montos_empresa, name="montos_empresa"),
    path("consulta/", views.consulta, name="consulta"),
    path("consulta/usuario/<int:pk>/", views.consulta_usuario, name="consulta_usuario"),
    path("consulta/servicio/<int:pk>/", views.consulta_servicio, name="consulta_servicio"),
    path("acumulados/", views.acumulados, name="acumulados"),
]
