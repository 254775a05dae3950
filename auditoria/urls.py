from django.urls import path

from auditoria import views

app_name = "auditoria"

urlpatterns = [
    path("", views.consulta, name="consulta"),
    path("excel/", views.exportar_excel, name="excel"),
]
