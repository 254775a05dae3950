from django.urls import path

from cuentas import views

app_name = "cuentas"

urlpatterns = [
    path("saldos/", views.saldos, name="saldos"),
    path("movimientos/", views.movimientos, name="movimientos"),
    path("extractos/", views.extractos, name="extractos"),
    path("extractos/excel/", views.extracto, {"formato": "excel"}, name="extracto_excel"),
    path("extractos/pdf/", views.extracto, {"formato": "pdf"}, name="extracto_pdf"),
]
