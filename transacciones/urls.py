from django.urls import path

from transacciones import views

app_name = "transacciones"

urlpatterns = [
    path("transferencias/", views.transferencias, name="transferencias"),
    path("transferencias/internas/", views.internas, name="internas"),
    path("transferencias/otros-bancos/", views.otros_bancos, name="otros_bancos"),
    path("pagos/terceros/", views.terceros, name="terceros"),
    path("pagos/impuestos/", views.impuestos, name="impuestos"),
    path("aprobaciones/", views.aprobaciones, name="aprobaciones"),
    path("aprobaciones/aprobar/", views.aprobar_lote, name="aprobar_lote"),
    path("operaciones/<int:pk>/", views.operacion, name="operacion"),
    path("operaciones/<int:pk>/aprobar/", views.aprobar, name="aprobar"),
    path("operaciones/<int:pk>/rechazar/", views.rechazar, name="rechazar"),
    path("operaciones/<int:pk>/cancelar/", views.cancelar, name="cancelar"),
    path("operaciones/<int:pk>/comprobante/", views.comprobante, name="comprobante"),
    path("historico/", views.historico, name="historico"),
    path("inscripcion-cuentas/", views.beneficiarios, name="beneficiarios"),
    path("inscripcion-cuentas/<int:pk>/activar/", views.activar_beneficiario, name="activar_beneficiario"),
    path("inscripcion-cuentas/<int:pk>/inactivar/", views.inactivar_beneficiario, name="inactivar_beneficiario"),
]
