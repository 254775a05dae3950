"""gunicorn's access log without the health probes (one every few seconds per container), and
without the one-time token of a ¿Olvidó su clave? link (occired.registro)."""

from __future__ import annotations

from gunicorn.glogging import Logger

from occired.registro import ocultar
from occired.salud import LISTO, VIVO


class SinSondas(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO") in (VIVO, LISTO) and (getattr(resp, "status_code", None) or 500) < 500:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time) -> dict:
        atomos = super().atoms(resp, req, environ, request_time)
        # The request line, the path and the referer may all hold the link.
        for clave in ("r", "U", "f"):
            if isinstance(atomos.get(clave), str):
                atomos[clave] = ocultar(atomos[clave])
        return atomos
