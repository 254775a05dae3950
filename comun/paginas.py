"""Page-size and query-string helpers shared by the list screens.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

TAMANOS_PAGINA = (10, 25, 50)


def tamano_pagina(request: HttpRequest) -> int:
    try:
        n = int(request.GET.get("ver", TAMANOS_PAGINA[0]))
    except ValueError:
        return TAMANOS_PAGINA[0]
    return n if n in TAMANOS_PAGINA else TAMANOS_PAGINA[0]


def consulta_sin_pagina(request: HttpRequest) -> str:
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return consulta.urlencode()


def errores_de(exc: ValidationError) -> str:
    return " ".join(exc.messages)
