"""Celery tasks of the ledger: take ids, call the ledger, safe to run twice."""

from celery import shared_task

from cuentas import ledger


@shared_task(name="cuentas.expirar_pendientes")
def expirar_pendientes() -> int:
    """Beat task: release the holds whose timeout passed (each expires at most once)."""
    return ledger.expirar_pendientes()
