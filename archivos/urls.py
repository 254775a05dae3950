from django.urls import path

from archivos import views

app_name = "archivos"

urlpatterns = [
    path("", views.cargar, name="cargar"),
    path("plantilla.<str:formato>", views.plantilla, name="plantilla"),
    path("<int:pk>/", views.archivo, name="archivo"),
    path("<int:pk>/progreso/", views.progreso, name="progreso"),
    path("<int:pk>/aceptar/", views.aceptar, name="aceptar"),
    path("<int:pk>/errores.csv", views.errores, name="errores"),
    path("<int:pk>/resultado.xlsx", views.resultado, name="resultado"),
    path("operacion/<int:operacion_id>/", views.de_operacion, name="de_operacion"),
]
