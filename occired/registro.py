"""Secrets that travel in a URL never reach a log line.

The ¿Olvidó su clave? link carries its one-time token in the path (the email must hold it); the
access log (gunicorn), runserver's log and Django's request warnings would otherwise write it
down. Plain Python: gunicorn loads its logger class before Django is set up.
"""

from __future__ import annotations

import logging
import re

# /ayudas/olvido-clave/<uidb64>/<token>/ — the form URL (<uidb64>/nueva/) carries no token.
_ENLACE_OLVIDO = re.compile(r"(/ayudas/olvido-clave/[^/\s?#\"]+/)(?!nueva/)[^/\s?#\"]+")
OCULTO = "[oculto]"


def ocultar(texto: str) -> str:
    return _ENLACE_OLVIDO.sub(rf"\g<1>{OCULTO}", texto) if "olvido-clave" in texto else texto


class SinSecretos(logging.Filter):
    """For LOGGING's handlers: rewrites the message (with its arguments applied) when it holds a token."""

    def filter(self, record: logging.LogRecord) -> bool:
        mensaje = record.getMessage()
        limpio = ocultar(mensaje)
        if limpio != mensaje:
            record.msg, record.args = limpio, None
        return True
