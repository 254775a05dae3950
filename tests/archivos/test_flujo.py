"""Upload → validation → accept → approvals → execution, end to end in eager mode."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archivos.models import Archivo, Fila
from cuentas.models import Transferencia
from tests.archivos.conftest import csv_bytes, fila, subir
from topes.models import Consumo
from transacciones.actions.operaciones import do_aprobar_operacion, do_rechazar_operacion
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_validates_accepts_approves_and_pays_each_row_once(operador, sup1, sup2, origen, fondos):
    filas = [fila(i) for i in range(1, 6)] + [fila(6, banco="Banco Inventado"), fila(1), fila(7, cuenta="99990000",
                                                                                             banco="occidente")]
    filas[-1][5] = "123450000"  # Occidente, 9 digits, ends in 0000: closed at the clearing
    archivo = subir(operador, origen, csv_bytes(filas))
    assert archivo.estado == Archivo.Estado.CON_ERRORES
    assert (archivo.total, archivo.validadas, archivo.erroneas) == (8, 6, 2)
    motivos = dict(archivo.filas.filter(estado=Fila.Estado.ERRONEA).values_list("numero", "motivo"))
    assert "Banco desconocido" in motivos[7] and "duplicada" in motivos[8]
    from archivos.actions.carga import do_aceptar_archivo

    op = do_aceptar_archivo(archivo, actor=operador)
    assert op.tipo == Operacion.Tipo.NOMINA and op.monto == Decimal("1500000.50") * 6
    assert Consumo.objects.get(pk=op.reserva_id).monto == op.monto
    do_aprobar_operacion(op, actor=sup1)
    op = do_aprobar_operacion(op, actor=sup2)
    op.refresh_from_db()
    archivo.refresh_from_db()
    assert op.estado == Operacion.Estado.PARCIAL
    assert (archivo.estado, archivo.ejecutadas, archivo.fallidas) == (Archivo.Estado.TERMINADO, 5, 1)
    pagos = Transferencia.objects.filter(id__startswith=f"operacion:{op.pk}-")
    assert pagos.count() == 5
    assert sum(t.monto for t in pagos) == archivo.monto_pagado == Decimal("1500000.50") * 5
    # The failed row's amount went back to the captor's topes.
    assert Consumo.objects.get(pk=op.reserva_id).monto == Decimal("1500000.50") * 5
    # The emails of Transacciones: the approvers when it awaited them, the captor when it ended.
    from comun.models import CorreoSaliente

    assert CorreoSaliente.objects.filter(plantilla="operacion_por_aprobar", usuario=sup1).exists()
    assert CorreoSaliente.objects.filter(plantilla="operacion_finalizada", usuario=operador).count() == 1


def test_rejection_releases_the_whole_reservation(operador, sup1, origen, fondos):
    archivo = subir(operador, origen, csv_bytes([fila(1), fila(2)]))
    assert archivo.estado == Archivo.Estado.VALIDADO
    from archivos.actions.carga import do_aceptar_archivo

    op = do_aceptar_archivo(archivo, actor=operador)
    do_rechazar_operacion(op, "No corresponde", actor=sup1)
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.RECHAZADA and op.reserva_id is None
    assert not Transferencia.objects.filter(id__startswith=f"operacion:{op.pk}-").exists()


def test_when_the_origin_runs_out_of_funds_the_rest_of_the_rows_fail_with_the_reason(operador, sup1, sup2, origen):
    from archivos.actions.carga import do_aceptar_archivo
    from cuentas import ledger

    cuenta = ledger.cuenta_de_producto(origen)
    ledger.crear_transferencia("fondos-justos", debito=ledger.cuenta_banco("banco:caja"), credito=cuenta,
                               monto=Decimal("3000001.00"))  # two rows of 1.500.000,50
    archivo = subir(operador, origen, csv_bytes([fila(i) for i in range(1, 5)]))
    op = do_aceptar_archivo(archivo, actor=operador)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.PARCIAL
    estados = list(archivo.filas.order_by("numero").values_list("estado", "motivo"))
    assert [e for e, _m in estados] == ["PAGADA", "PAGADA", "FALLIDA", "FALLIDA"]
    assert "Fondos insuficientes" in estados[2][1]
    assert Transferencia.objects.filter(id__startswith=f"operacion:{op.pk}-").count() == 2


def test_cancelling_the_file_operation_releases_the_reservation(operador, origen, fondos):
    from archivos.actions.carga import do_aceptar_archivo
    from transacciones.actions.operaciones import do_cancelar_operacion

    op = do_aceptar_archivo(subir(operador, origen, csv_bytes([fila(1)])), actor=operador)
    assert Consumo.objects.filter(pk=op.reserva_id).exists()
    reserva = op.reserva_id
    do_cancelar_operacion(op, actor=operador)
    assert not Consumo.objects.filter(pk=reserva).exists()


def test_accepting_twice_is_one_operation(operador, origen, fondos):
    from archivos.actions.carga import do_aceptar_archivo

    archivo = subir(operador, origen, csv_bytes([fila(1)]))
    assert do_aceptar_archivo(archivo, actor=operador) == do_aceptar_archivo(archivo, actor=operador)
    assert Operacion.objects.count() == 1


def test_retention_deletes_old_stored_files_and_keeps_the_rows(operador, origen, settings):
    import datetime as dt

    from django.utils import timezone

    from admin_usuarios.models import Empresa
    from archivos.tasks import borrar_vencidos, ruta_de

    viejo = subir(operador, origen, csv_bytes([fila(1)]))
    nuevo = subir(operador, origen, csv_bytes([fila(2)]))
    ruta_vieja, ruta_nueva = ruta_de(viejo), ruta_de(nuevo)
    assert ruta_vieja.is_file() and str(settings.OCCIRED_ARCHIVOS_DIR) in str(ruta_vieja)
    # The company's own period (Parámetros): 30 days; 29 days old stays, 31 days old goes.
    Empresa.objects.filter(pk=operador.empresa_id).update(retencion_archivos_dias=30)
    Archivo.objects.filter(pk=nuevo.pk).update(creado=timezone.now() - dt.timedelta(days=29))
    Archivo.objects.filter(pk=viejo.pk).update(creado=timezone.now() - dt.timedelta(days=31))
    assert borrar_vencidos() == 1
    assert borrar_vencidos() == 0
    viejo.refresh_from_db()
    assert viejo.borrado is not None and viejo.ruta == "" and not ruta_vieja.exists()
    assert ruta_nueva.is_file() and viejo.filas.count() == 1


def test_validation_resumes_after_the_last_stored_row_and_stores_each_row_once(operador, origen):
    from archivos.tasks import validar_archivo

    archivo = subir(operador, origen, csv_bytes([fila(i) for i in range(1, 6)]))
    # As if the worker died after storing the first chunk (rows 2-3) and before the rest.
    archivo.filas.filter(numero__gt=3).delete()
    Archivo.objects.filter(pk=archivo.pk).update(estado=Archivo.Estado.VALIDANDO, validadas=2, tomado_hasta=None)
    validar_archivo(archivo.pk)
    validar_archivo(archivo.pk)  # a duplicate delivery: nothing left to do
    archivo.refresh_from_db()
    assert archivo.filas.count() == 5 and (archivo.validadas, archivo.erroneas) == (5, 0)
    assert archivo.estado == Archivo.Estado.VALIDADO


def test_bulk_approval_hands_the_file_operation_to_its_executor(operador, sup1, sup2, origen, fondos):
    from archivos.actions.carga import do_aceptar_archivo
    from transacciones.actions.operaciones import do_aprobar_operaciones

    archivo = subir(operador, origen, csv_bytes([fila(1), fila(2)]), tipo="PROVEEDORES")
    op = do_aceptar_archivo(archivo, actor=operador)
    assert op.tipo == Operacion.Tipo.PROVEEDORES and op.servicio.codigo == "pagos-proveedores"
    do_aprobar_operacion(op, actor=sup1)
    hechas, rechazos = do_aprobar_operaciones([op.pk], actor=sup2)
    assert not rechazos
    op.refresh_from_db()
    archivo.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA and archivo.ejecutadas == 2
    # Suppliers at Bancolombia: credited to that bank's clearing account.
    assert {t.credito.clave for t in Transferencia.objects.filter(id__startswith=f"operacion:{op.pk}-")} == {
        "banco:compensacion:bancolombia"}
