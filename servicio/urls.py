from django.urls import path

from servicio import views

app_name = "servicio"

urlpatterns = [
    path("certificados/", views.certificados, name="certificados"),
    path("chequeras/", views.chequeras, name="chequeras"),
    path("chequeras/<int:pk>/", views.chequera, name="chequera"),
]
