"""Port: operation types whose execution is not one ledger transfer (payment files).

Transacciones may not import the apps above it; `archivos.apps.ready` registers its
executor here at start-up. On the last approval (or its day, if Programada) the
operation is handed to the executor instead of posting `operacion:<id>`: the
executor must only schedule work on commit (the caller holds the operation's row
lock and saves it En ejecución); it ends later through
`transacciones.actions.operaciones.do_finalizar_ejecucion`.
"""

from __future__ import annotations

from collections.abc import Callable

from transacciones.models import Operacion

Ejecutor = Callable[[Operacion], None]
_EJECUTORES: dict[str, Ejecutor] = {}


def registrar_ejecutor(tipo: str, ejecutor: Ejecutor) -> None:
    _EJECUTORES[tipo] = ejecutor


def ejecutor_de(tipo: str) -> Ejecutor | None:
    return _EJECUTORES.get(tipo)
