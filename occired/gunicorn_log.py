"""gunicorn's access log without the health probes (one every few seconds per container)."""

from __future__ import annotations

from gunicorn.glogging import Logger

from occired.salud import LISTO, VIVO


class SinSondas(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO") in (VIVO, LISTO) and (getattr(resp, "status_code", None) or 500) < 500:
            return
        super().access(resp, req, environ, request_time)
