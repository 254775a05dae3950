"""Refusals of the ledger. Each carries the user's message and TigerBeetle's result
code (the stable name callers and tests match on).

Every ledger refusal is an AccionRechazada: views and the middleware treat it like any
other refused action.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comun.errores import AccionRechazada


class LedgerError(AccionRechazada):
    codigo = "rechazada"
    mensaje_defecto = _("El banco rechazó el movimiento.")

    def __init__(self, mensaje: str | None = None, campo: str | None = None) -> None:
        super().__init__(str(mensaje or self.mensaje_defecto), campo=campo, codigo=type(self).codigo)


class TransferenciaInvalida(LedgerError):
    codigo = "invalida"
    mensaje_defecto = _("Los datos del movimiento no son válidos.")


class FondosInsuficientes(LedgerError):
    codigo = "exceeds_credits"
    mensaje_defecto = _("Fondos insuficientes.")


class ExisteConOtrosDatos(LedgerError):
    codigo = "exists_with_different_fields"
    mensaje_defecto = _("Ya existe un movimiento con ese identificador y otros datos.")


class PendienteNoEncontrada(LedgerError):
    codigo = "pending_transfer_not_found"
    mensaje_defecto = _("La retención no existe.")


class PendienteYaResuelta(LedgerError):
    codigo = "pending_transfer_already_resolved"
    mensaje_defecto = _("La retención ya fue posteada, anulada o expiró.")


class PendienteExpirada(LedgerError):
    codigo = "pending_transfer_expired"
    mensaje_defecto = _("La retención expiró.")


class ExcedeMontoPendiente(LedgerError):
    codigo = "exceeds_pending_transfer_amount"
    mensaje_defecto = _("El monto supera el de la retención.")


class FechaRetrocede(LedgerError):
    codigo = "imported_event_timestamp_must_not_regress"
    mensaje_defecto = _("La fecha es anterior al último movimiento de la cuenta.")
