"""Background work of payment files (Celery). Every task takes ids only, is idempotent and
resumable: run it twice, or in two workers at once, or again after a worker died
(SIGKILL) mid-file, and each row is validated once and paid at most once.

- `validar_archivo`: streams the stored file in chunks of LOTE rows; each chunk is
  one transaction (bulk insert of its rows + the progress counters), so a restart
  skips what is stored and continues. A lease (`Archivo.tomado_hasta`) keeps a second
  worker off the same file while the first is alive. Duplicates are marked at the
  end by one UPDATE in the database (memory stays flat in the file's size).
- `ejecutar_operacion`: pays the valid rows in order, a chunk per transaction
  (rows taken with SKIP LOCKED, so two workers share a file): each row one ledger
  transfer whose id is derived from (operation, row), its new state and the counters
  committed together. A row the ledger already has (`nueva` False) is marked paid,
  not paid again. When no row is left the operation ends through transacciones.
- `reanudar_archivos` (beat): files left waiting because the broker was down at
  upload or the worker died; `borrar_vencidos` (beat): retention.

Enqueuing is always `transaction.on_commit` + `apply_async(retry=False)` guarded: a
broker outage never fails the request; the beat finds the file later. Without a
broker (`make run`) Celery runs eagerly, in the request.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from archivos import lectura, motivos, validar
from archivos.actions.retencion import do_borrar_archivo
from archivos.models import Archivo, Fila, id_transferencia
from cuentas import ledger
from cuentas.errores import FondosInsuficientes
from transacciones.actions.operaciones import CODIGO_DE_TIPO, do_finalizar_ejecucion
from transacciones.models import BANCO_OCCIDENTE, Operacion

log = logging.getLogger(__name__)
A = Archivo.Estado
FE = Fila.Estado
LOTE = 500
LOTE_PAGOS = 100
LEASE = dt.timedelta(seconds=120)
# Demo rule of the simulated clearing: an account number ending in 0000 is closed there.
CUENTA_CERRADA = "0000"


def ruta_de(archivo: Archivo) -> Path:
    return Path(settings.OCCIRED_ARCHIVOS_DIR) / archivo.ruta


def encolar(tarea, *args) -> None:
    """Hand the ids to Celery after commit; a broker outage is logged, never raised (beat retries)."""

    def enviar() -> None:
        try:
            tarea.apply_async(args=list(args), retry=False)
        except Exception:  # noqa: BLE001 - kombu raises many kinds of connection errors
            if settings.CELERY_TASK_ALWAYS_EAGER:
                raise
            log.warning("archivos: broker no disponible; %s%s queda para el beat", tarea.name, args)

    transaction.on_commit(enviar)


# ---------------------------------------------------------------------------- validation

def _guardar(archivo_id: int, lote: list[Fila]) -> None:
    validas = sum(f.estado == FE.VALIDA for f in lote)
    with transaction.atomic():
        Fila.objects.bulk_create(lote, ignore_conflicts=True)
        ahora = timezone.now()
        Archivo.objects.filter(pk=archivo_id).update(
            validadas=F("validadas") + validas, erroneas=F("erroneas") + (len(lote) - validas),
            tomado_hasta=ahora + LEASE, actualizado=ahora)


def _marcar_duplicados(archivo: Archivo) -> None:
    """Every valid row whose key (identification, account, amount, reference) an earlier row
    already has: one statement, a window over the file's rows (linear, flat in memory)."""
    fila = Fila()
    validar.motivo(fila, motivos.DUPLICADA)
    tabla = connection.ops.quote_name(Fila._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tabla} SET estado = %s, motivo = %s, motivo_codigo = %s, valor = NULL WHERE id IN ("  # noqa: S608 - our table name
            f"SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY clave ORDER BY numero) AS orden "
            f"FROM {tabla} WHERE archivo_id = %s AND estado = %s AND clave <> '') AS t WHERE orden > 1)",
            [FE.ERRONEA, fila.motivo, fila.motivo_codigo, archivo.pk, FE.VALIDA])


@shared_task(name="archivos.validar_archivo")
def validar_archivo(archivo_id: int) -> int:
    """Validate the stored file's rows; returns the rows stored by this run.

    Reasons are stored as a code plus data (archivos.motivos), rendered in the reader's
    language; their Spanish text (`Fila.motivo`) is the portal's language whoever runs it
    (a worker, or the request itself when Celery is eager), like the audit trail."""
    with override(settings.LANGUAGE_CODE):
        return _validar(archivo_id)


def _validar(archivo_id: int) -> int:
    ahora = timezone.now()
    tomado = (Archivo.objects.filter(pk=archivo_id, estado=A.VALIDANDO)
              .filter(Q(tomado_hasta__isnull=True) | Q(tomado_hasta__lt=ahora))
              .update(tomado_hasta=ahora + LEASE, actualizado=ahora))
    if not tomado:
        return 0
    archivo = Archivo.objects.select_related("captor").get(pk=archivo_id)
    if archivo.validacion_inicio is None:
        Archivo.objects.filter(pk=archivo_id).update(validacion_inicio=ahora)
    hecho = Fila.objects.filter(archivo_id=archivo_id).aggregate(m=Max("numero"))["m"] or 0
    if hecho:
        # Resuming: the counters are those of the committed chunks; recount to be exact.
        _recontar(archivo_id)
    guardadas, lote = 0, []
    for numero, celdas in lectura.filas(ruta_de(archivo), archivo.formato, archivo.codificacion or "utf-8-sig",
                                        archivo.separador or ","):
        if numero <= hecho:
            continue
        lote.append(validar.fila(archivo, numero, celdas))
        if len(lote) >= LOTE:
            _guardar(archivo_id, lote)
            guardadas += len(lote)
            lote = []
    if lote:
        _guardar(archivo_id, lote)
        guardadas += len(lote)
    with transaction.atomic():
        archivo = Archivo.objects.select_for_update().select_related("captor").get(pk=archivo_id)
        if archivo.estado != A.VALIDANDO:
            return guardadas
        _marcar_duplicados(archivo)
        c = _recontar(archivo_id)
        archivo.refresh_from_db()
        archivo.estado = A.CON_ERRORES if c["erroneas"] else A.VALIDADO
        archivo.validacion_fin, archivo.tomado_hasta = timezone.now(), None
        archivo.save(update_fields=["estado", "validacion_fin", "tomado_hasta", "actualizado"])
    return guardadas


def _recontar(archivo_id: int) -> dict:
    c = Fila.objects.filter(archivo_id=archivo_id).aggregate(
        validadas=Count("pk", filter=~Q(estado=FE.ERRONEA)), erroneas=Count("pk", filter=Q(estado=FE.ERRONEA)),
        ejecutadas=Count("pk", filter=Q(estado=FE.PAGADA)), fallidas=Count("pk", filter=Q(estado=FE.FALLIDA)),
        monto_valido=Sum("valor", filter=~Q(estado=FE.ERRONEA)), monto_pagado=Sum("valor", filter=Q(estado=FE.PAGADA)))
    c["monto_valido"] = c["monto_valido"] or Decimal(0)
    c["monto_pagado"] = c["monto_pagado"] or Decimal(0)
    Archivo.objects.filter(pk=archivo_id).update(**c, actualizado=timezone.now())
    return c


# ---------------------------------------------------------------------------- execution

def ejecutor(op: Operacion) -> None:
    """transacciones' port: the last approval of a file operation. Runs under the operation's
    lock, in its transaction: only schedule (the rows are paid by the task, after commit)."""
    encolar(ejecutar_operacion, op.pk)


def _credito(archivo: Archivo, banco: str, cache: dict[str, int]) -> int:
    if archivo.tipo == Archivo.Tipo.NOMINA:
        clave = "banco:nomina"
    else:
        clave = "banco:caja" if banco == BANCO_OCCIDENTE else f"banco:compensacion:{banco}"
    if clave not in cache:
        cache[clave] = ledger.cuenta_banco(clave).pk
    return cache[clave]


def _pagar(archivo: Archivo, f: Fila, debito: int, creditos: dict[str, int], codigo: int) -> None:
    if f.numero_cuenta.endswith(CUENTA_CERRADA):
        f.estado = FE.FALLIDA
        validar.motivo(f, motivos.CUENTA_CERRADA)
        return
    ledger.crear_transferencia(
        id_transferencia(archivo.operacion_id, f.numero), debito=debito,
        credito=_credito(archivo, f.banco, creditos), monto=f.valor, codigo=codigo,
        descripcion=f"{archivo.get_tipo_display()} {f.nombre}"[:120],
        referencia=f.referencia or f"OP-{archivo.operacion_id:08d}-{f.numero}")
    # A retry whose transfer the ledger already has lands here too (nueva False): paid once.
    f.estado = FE.PAGADA
    f.motivo, f.motivo_codigo, f.motivo_datos = "", "", {}


def _pagar_lote(archivo: Archivo, lote: list[Fila], debito: int, creditos: dict[str, int], codigo: int) -> None:
    """Pay a chunk. First without a savepoint per row (one statement per row); if the origin
    runs out of funds midway, the chunk is undone and paid again row by row, each in its
    savepoint, so the rows before the shortfall are paid and the rest fail with the reason."""
    for f in lote:  # the credit accounts, opened outside the savepoints (an undo must not undo them)
        _credito(archivo, f.banco, creditos)
    try:
        with transaction.atomic():
            for f in lote:
                _pagar(archivo, f, debito, creditos, codigo)
        return
    except FondosInsuficientes:
        pass
    for f in lote:
        try:
            with transaction.atomic():
                _pagar(archivo, f, debito, creditos, codigo)
        except FondosInsuficientes:
            f.estado = FE.FALLIDA
            validar.motivo(f, motivos.FONDOS_INSUFICIENTES)


@shared_task(name="archivos.ejecutar_operacion")
def ejecutar_operacion(operacion_id: int) -> int:
    """Pay the rows of the file of an operation En ejecución; returns the rows handled by this run."""
    archivo = Archivo.objects.select_related("operacion", "origen", "captor").filter(operacion_id=operacion_id).first()
    if archivo is None or archivo.operacion.estado != Operacion.Estado.EN_EJECUCION:
        return 0
    if archivo.estado != A.EJECUTANDO:
        Archivo.objects.filter(pk=archivo.pk, estado=A.ACEPTADO).update(
            estado=A.EJECUTANDO, ejecucion_inicio=timezone.now(), actualizado=timezone.now())
    debito = ledger.cuenta_de_producto(archivo.origen).pk
    codigo = CODIGO_DE_TIPO[archivo.operacion.tipo]
    creditos: dict[str, int] = {}
    hechas, tamano = 0, getattr(settings, "OCCIRED_ARCHIVOS_LOTE_PAGOS", LOTE_PAGOS)
    # Reasons are stored in the portal's language (Spanish), like the audit trail.
    with override(settings.LANGUAGE_CODE):
        while True:
            with transaction.atomic():
                lote = list(Fila.objects.select_for_update(skip_locked=True)
                            .filter(archivo_id=archivo.pk, estado=FE.VALIDA).order_by("numero")[:tamano])
                if not lote:
                    break
                _pagar_lote(archivo, lote, debito, creditos, codigo)
                Fila.objects.bulk_update(lote, ["estado", "motivo", "motivo_codigo", "motivo_datos"])
                pagadas = [f for f in lote if f.estado == FE.PAGADA]
                Archivo.objects.filter(pk=archivo.pk).update(
                    ejecutadas=F("ejecutadas") + len(pagadas), fallidas=F("fallidas") + (len(lote) - len(pagadas)),
                    monto_pagado=F("monto_pagado") + sum((f.valor for f in pagadas), Decimal(0)),
                    actualizado=timezone.now())
                hechas += len(lote)
        _finalizar(archivo.pk)
    return hechas


def _finalizar(archivo_id: int) -> None:
    """Every row paid or failed: the operation ends (once; a second worker finds it done)."""
    if Fila.objects.filter(archivo_id=archivo_id, estado=FE.VALIDA).exists():
        return  # another worker still holds rows; it finishes the file
    with transaction.atomic():
        archivo = Archivo.objects.select_for_update().get(pk=archivo_id)
        if archivo.estado == A.TERMINADO:
            return
        c = _recontar(archivo_id)
        fallido = Fila.objects.filter(archivo_id=archivo_id, estado=FE.FALLIDA).aggregate(s=Sum("valor"))["s"]
        motivo = ""
        if c["fallidas"]:
            motivo = _("%(n)d fila(s) del archivo no se pudieron pagar.") % {"n": c["fallidas"]}
        do_finalizar_ejecucion(archivo.operacion_id, no_ejecutado=fallido or Decimal(0), motivo=motivo)
        Archivo.objects.filter(pk=archivo_id).update(estado=A.TERMINADO, ejecucion_fin=timezone.now(),
                                                     actualizado=timezone.now())


# ---------------------------------------------------------------------------- beat

@shared_task(name="archivos.reanudar_archivos")
def reanudar_archivos() -> int:
    """Files left waiting (broker down at upload, a worker died): enqueue them again.

    Safe to over-enqueue: the validation's lease and the rows' locks let one run do the work."""
    ahora = timezone.now()
    quieto = ahora - dt.timedelta(seconds=settings.OCCIRED_ARCHIVOS_REANUDAR_SEGUNDOS)
    n = 0
    for pk in (Archivo.objects.filter(estado=A.VALIDANDO, actualizado__lte=quieto)
               .filter(Q(tomado_hasta__isnull=True) | Q(tomado_hasta__lt=ahora)).values_list("pk", flat=True)[:100]):
        _enviar(validar_archivo, pk)
        n += 1
    for op_id in (Archivo.objects.filter(estado__in=(A.ACEPTADO, A.EJECUTANDO), actualizado__lte=quieto,
                                         operacion__estado=Operacion.Estado.EN_EJECUCION)
                  .values_list("operacion_id", flat=True)[:100]):
        _enviar(ejecutar_operacion, op_id)
        n += 1
    return n


def _enviar(tarea, *args) -> None:
    try:
        tarea.apply_async(args=list(args), retry=False)
    except Exception:  # noqa: BLE001
        log.warning("archivos: broker no disponible; %s%s queda para la próxima vuelta", tarea.name, args)


@shared_task(name="archivos.borrar_vencidos")
def borrar_vencidos() -> int:
    """Delete stored files older than the retention period (the rows and results stay)."""
    # Each company's own period (Parámetros Generales y de Seguridad: retencion_archivos_dias).
    ahora = timezone.now()
    vencidos = Q(pk__in=[])
    for empresa_id, dias in (Archivo.objects.filter(borrado__isnull=True)
                             .values_list("empresa_id", "empresa__retencion_archivos_dias").distinct()):
        vencidos |= Q(empresa_id=empresa_id, creado__lt=ahora - dt.timedelta(days=dias))
    ids = list(Archivo.objects.filter(vencidos, borrado__isnull=True)
               .exclude(estado__in=(A.VALIDANDO, A.EJECUTANDO)).values_list("pk", flat=True)[:500])
    return sum(do_borrar_archivo(pk) for pk in ids)
