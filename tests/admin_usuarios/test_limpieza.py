import os
import time

from admin_usuarios.tasks import VIGENCIA_SEGUNDOS, limpiar_exportaciones


def test_old_export_files_are_deleted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    carpeta = tmp_path / "exports"
    carpeta.mkdir()
    viejo, nuevo = carpeta / "viejo.xlsx", carpeta / "nuevo.xlsx"
    viejo.write_bytes(b"x")
    nuevo.write_bytes(b"y")
    hace = time.time() - VIGENCIA_SEGUNDOS - 60
    os.utime(viejo, (hace, hace))
    assert limpiar_exportaciones() == 1
    assert not viejo.exists() and nuevo.exists()
