"""Background exports (more than LIMITE_INMEDIATO rows).

The job record lives in the cache (Redis in production) under a random id: who
asked (ids only), the company, the raw filters, the progress and, when ready,
the random file name under MEDIA_ROOT/exports/. The task receives only the job
id; it re-applies the filters scoped to the requester's company, so nothing in
the queue can widen what is exported. The file is only served by the download
view, to an administrator of the same company.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

LIMITE_INMEDIATO = 2000
VIGENCIA_SEGUNDOS = 24 * 3600
FORMATOS = {"excel": "xlsx", "pdf": "pdf"}


def _clave(trabajo_id: str) -> str:
    return f"admin_usuarios:exportacion:{trabajo_id}"


def directorio_exportaciones() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def leer_trabajo(trabajo_id: str) -> dict | None:
    return cache.get(_clave(trabajo_id))


def _guardar(trabajo_id: str, datos: dict) -> None:
    cache.set(_clave(trabajo_id), datos, VIGENCIA_SEGUNDOS)


def crear_trabajo(*, actor, formato: str, filtros_crudos: dict, total: int) -> str:
    """Record the job and queue it. A broker outage marks the job failed, nothing else."""
    trabajo_id = secrets.token_urlsafe(18)
    _guardar(trabajo_id, {
        "empresa_id": actor.empresa_id, "actor_id": actor.pk, "formato": formato, "filtros": filtros_crudos,
        "estado": "PENDIENTE", "procesadas": 0, "total": total, "archivo": "",
    })
    try:
        generar_exportacion.apply_async(args=[trabajo_id], retry=False)
    except Exception as exc:  # broker down: tell the administrator instead of hanging
        log.warning("exportación %s no encolada (%s)", trabajo_id, type(exc).__name__)
        _actualizar(trabajo_id, estado="FALLIDO")
    return trabajo_id


def _actualizar(trabajo_id: str, **cambios) -> dict | None:
    datos = leer_trabajo(trabajo_id)
    if datos is None:
        return None
    datos.update(cambios)
    _guardar(trabajo_id, datos)
    return datos


@shared_task(name="admin_usuarios.generar_exportacion", acks_late=True)
def generar_exportacion(trabajo_id: str) -> str:
    """Write the export file. Idempotent: a job already done (or unknown) is left alone."""
    from admin_usuarios.exports import escribir_excel, escribir_pdf
    from admin_usuarios.forms.usuarios import FiltroUsuariosForm
    from admin_usuarios.models import Usuario

    datos = leer_trabajo(trabajo_id)
    if datos is None or datos["estado"] == "LISTO":
        return ""
    actor = Usuario.objects.select_related("empresa").filter(
        pk=datos["actor_id"], empresa_id=datos["empresa_id"], es_administrador=True).first()
    if actor is None:
        _actualizar(trabajo_id, estado="FALLIDO")
        return ""
    form = FiltroUsuariosForm(datos["filtros"], actor=actor)
    directorio = directorio_exportaciones()
    directorio.mkdir(parents=True, exist_ok=True)
    nombre = f"{secrets.token_urlsafe(24)}.{FORMATOS[datos['formato']]}"
    _actualizar(trabajo_id, estado="EN_PROCESO")

    def progreso(n: int) -> None:
        _actualizar(trabajo_id, procesadas=n)

    escribir = escribir_excel if datos["formato"] == "excel" else escribir_pdf
    try:
        escribir(str(directorio / nombre), actor=actor, filtros=form.filtros(),
                 descripcion_filtros=form.descripcion(), progreso=progreso)
    except Exception:
        (directorio / nombre).unlink(missing_ok=True)
        _actualizar(trabajo_id, estado="FALLIDO")
        raise
    _actualizar(trabajo_id, estado="LISTO", archivo=nombre)
    return nombre


@shared_task(name="admin_usuarios.limpiar_exportaciones")
def limpiar_exportaciones() -> int:
    """Beat task: exported files live as long as their job record (24 h), then go."""
    import time

    directorio = directorio_exportaciones()
    if not directorio.exists():
        return 0
    limite = time.time() - VIGENCIA_SEGUNDOS
    borrados = 0
    for archivo in directorio.iterdir():
        if archivo.is_file() and archivo.stat().st_mtime < limite:
            archivo.unlink(missing_ok=True)
            borrados += 1
    return borrados
