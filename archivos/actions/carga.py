"""Upload a payment file and accept its valid rows (one operation of transacciones)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.models import Producto, Usuario
from archivos import lectura
from archivos.eventos import Eventos
from archivos.models import Archivo
from archivos.tasks import encolar, validar_archivo
from auditoria.actions import registrar
from comun.errores import AccionRechazada
from transacciones.actions.operaciones import do_capturar_operacion, hoy
from transacciones.models import Operacion
from transacciones.reglas import verificar_captura
from transacciones.validacion import Invalido

A = Archivo.Estado
EXTENSIONES = {".csv": Archivo.Formato.CSV, ".xlsx": Archivo.Formato.XLSX}


def formato_de(nombre: str) -> str:
    formato = EXTENSIONES.get(Path(nombre or "").suffix.lower())
    if formato is None:
        raise AccionRechazada(_("Cargue un archivo .csv o .xlsx."), campo="archivo")
    return formato


def _guardar(subido: UploadedFile, empresa_id: int, formato: str) -> tuple[str, Path]:
    relativa = f"{empresa_id}/{uuid.uuid4().hex}.{formato}"
    destino = Path(settings.OCCIRED_ARCHIVOS_DIR) / relativa
    destino.parent.mkdir(parents=True, exist_ok=True)
    with destino.open("wb") as f:
        for trozo in subido.chunks():
            f.write(trozo)
    return relativa, destino


def do_subir_archivo(*, subido: UploadedFile, tipo: str, origen: Producto, clave: uuid.UUID, actor: Usuario,
                     request: HttpRequest | None = None) -> tuple[Archivo, bool]:
    """Store the file, check it can be read (header, rows, limits) and queue its validation.

    Returns (file, created); the same form posted twice returns the first file.
    """
    previo = Archivo.objects.filter(captor=actor, clave=clave).first()
    if previo is not None:
        return previo, False
    if tipo not in Archivo.Tipo.values:
        raise AccionRechazada(_("Elija Nómina o Proveedores."), campo="tipo")
    verificar_captura(actor, tipo)
    if origen.empresa_id != actor.empresa_id or not origen.habilitado or not origen.asignaciones.filter(
            usuario=actor).exists():
        raise AccionRechazada(_("El producto no está asignado al usuario."), campo="origen")
    formato = formato_de(subido.name)
    if subido.size > settings.OCCIRED_ARCHIVOS_MAX_BYTES:
        raise AccionRechazada(_("El archivo pesa más de %(n)s MB.")
                              % {"n": settings.OCCIRED_ARCHIVOS_MAX_BYTES // (1024 * 1024)}, campo="archivo")
    relativa, destino = _guardar(subido, actor.empresa_id, formato)
    try:
        inspeccion = lectura.inspeccionar(destino, formato)
    except Invalido as exc:
        destino.unlink(missing_ok=True)
        raise AccionRechazada(exc.mensaje, campo="archivo") from None
    try:
        with transaction.atomic():
            archivo = Archivo.objects.create(
                empresa_id=actor.empresa_id, captor=actor, tipo=tipo, origen=origen, nombre=subido.name[:120],
                ruta=relativa, formato=formato, codificacion=inspeccion.codificacion, separador=inspeccion.separador,
                tamano=subido.size, clave=clave, total=inspeccion.filas)
            registrar(Eventos.ARCHIVO_CARGADO, actor=actor, objetivo_descripcion=f"Archivo {archivo.pk} {archivo.nombre}"[:120],
                      detalles={"antes": {}, "despues": {"nombre": archivo.nombre, "tipo": tipo, "origen": str(origen),
                                                         "filas": inspeccion.filas, "tamano": subido.size}},
                      request=request)
            encolar(validar_archivo, archivo.pk)
    except IntegrityError:
        destino.unlink(missing_ok=True)
        return Archivo.objects.get(captor=actor, clave=clave), False
    return archivo, True


@transaction.atomic
def do_aceptar_archivo(archivo: Archivo | int, *, actor: Usuario, request: HttpRequest | None = None) -> Operacion:
    """"Aceptar filas válidas": one operation for the sum of the valid rows, reserved against the
    captor's topes of the file's service, through the same capture as any operation
    (schedule, monetary days, profile, product, topes, idempotency: the file's key)."""
    pk = archivo.pk if isinstance(archivo, Archivo) else archivo
    archivo = Archivo.objects.select_for_update().select_related("origen").get(pk=pk)
    if archivo.captor_id != actor.pk:
        raise AccionRechazada(_("Solo quien cargó el archivo puede aceptarlo."))
    if archivo.operacion_id is not None:
        return archivo.operacion
    if archivo.estado not in (A.VALIDADO, A.CON_ERRORES):
        raise AccionRechazada(_("El archivo todavía se está validando."))
    if archivo.validadas == 0:
        raise AccionRechazada(_("El archivo no tiene filas válidas para pagar."))
    op, _creada = do_capturar_operacion(
        tipo=archivo.tipo, origen=archivo.origen, monto=archivo.monto_valido, fecha=hoy(), clave=archivo.clave,
        referencia=f"{archivo.get_tipo_display()} {archivo.nombre}"[:40], actor=actor, request=request)
    archivo.operacion, archivo.estado = op, A.ACEPTADO
    archivo.save(update_fields=["operacion", "estado", "actualizado"])
    registrar(Eventos.ARCHIVO_ACEPTADO, actor=actor, objetivo_descripcion=f"Archivo {archivo.pk} {archivo.nombre}"[:120],
              detalles={"antes": {"estado": A.VALIDADO}, "despues": {"estado": A.ACEPTADO, "operacion": op.numero,
                                                                   "filas": archivo.validadas,
                                                                   "monto": str(archivo.monto_valido)}},
              request=request)
    return op
