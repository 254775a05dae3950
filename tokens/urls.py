from django.urls import path

from tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("asignar/", views.asignar, name="asignar"),
    path("operar/", views.operar, name="operar"),
    path("exportar/excel/", views.exportar, {"formato": "excel"}, name="exportar_excel"),
    path("exportar/pdf/", views.exportar, {"formato": "pdf"}, name="exportar_pdf"),
    path("enrolar/", views.enrolar, name="enrolar"),
]
