from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.login_paso1, name="login"),
    path("ingreso/clave/", views.login_paso2, name="login_clave"),
    path("ingreso/cancelar/", views.login_cancelar, name="login_cancelar"),
    path("salida/", views.salida, name="salida"),
    path("inicio/", views.inicio, name="inicio"),
    path("mi-cuenta/clave/", views.cambiar_clave, name="cambiar_clave"),
    path("mi-cuenta/imagen/", views.imagen_seguridad, name="imagen_seguridad"),
    path("ayudas/condiciones/", views.condiciones, name="condiciones"),
    path("ayudas/recomendaciones/", views.recomendaciones, name="recomendaciones"),
    path("ayudas/olvido-clave/", views.olvido_clave, name="olvido_clave"),
    path("ayudas/olvido-clave/<str:uidb64>/nueva/", views.olvido_clave_nueva, name="olvido_clave_nueva"),
    path("ayudas/olvido-clave/<str:uidb64>/<str:token>/", views.olvido_clave_enlace, name="olvido_clave_enlace"),
]
