"""Retention: a stored payment file is deleted after its company's retention period
(`Empresa.retencion_archivos_dias`, set in Parámetros Generales y de Seguridad). Its rows,
counts and the operation stay; only the uploaded file goes."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archivos.eventos import Eventos
from archivos.models import Archivo
from auditoria.actions import registrar


@transaction.atomic
def do_borrar_archivo(archivo_id: int) -> bool:
    archivo = Archivo.objects.select_for_update().select_related("empresa").filter(
        pk=archivo_id, borrado__isnull=True).first()
    if archivo is None:
        return False
    ruta = archivo.ruta
    archivo.ruta, archivo.borrado = "", timezone.now()
    archivo.save(update_fields=["ruta", "borrado", "actualizado"])
    registrar(Eventos.ARCHIVO_BORRADO, actor=None, empresa=archivo.empresa,
              objetivo_descripcion=f"Archivo {archivo.pk} {archivo.nombre}"[:120],
              detalles={"antes": {"ruta": ruta}, "despues": {"ruta": ""}})
    if ruta:
        transaction.on_commit(lambda: (Path(settings.OCCIRED_ARCHIVOS_DIR) / ruta).unlink(missing_ok=True))
    return True
