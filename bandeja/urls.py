from django.urls import path

from bandeja import views

app_name = "bandeja"

urlpatterns = [
    path("mensajes/", views.mensajes, name="mensajes"),
    path("mensajes/<int:pk>/", views.mensaje, name="mensaje"),
    path("notificaciones/", views.notificaciones, name="notificaciones"),
    path("notificaciones/<int:pk>/abrir/", views.abrir_notificacion, name="abrir_notificacion"),
    path("notificaciones/marcar-todas/", views.marcar_todas, name="marcar_todas"),
    path("alertas/", views.alertas, name="alertas"),
]
