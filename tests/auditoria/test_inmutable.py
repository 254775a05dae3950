"""The audit trail is append-only: the model, the queryset and (on PostgreSQL) the database refuse changes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from auditoria.actions import registrar
from auditoria.models import Evento


@pytest.mark.django_db
def test_model_refuses_update_and_delete(admin):
    e = registrar("CAMBIO_ESTADO", actor=admin, detalles={"antes": {"estado": "A"}, "despues": {"estado": "B"}})
    e.accion = "OTRA"
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        e.delete()
    with pytest.raises(PermissionError):
        Evento.objects.filter(pk=e.pk).update(accion="OTRA")
    with pytest.raises(PermissionError):
        Evento.objects.filter(pk=e.pk).delete()
    assert Evento.objects.get(pk=e.pk).accion == "CAMBIO_ESTADO"


def test_postgres_trigger_refuses_raw_update_and_delete(requiere_postgres, admin):
    e = registrar("CAMBIO_ESTADO", actor=admin)
    for sql in ("UPDATE auditoria_evento SET accion = 'X' WHERE id = %s", "DELETE FROM auditoria_evento WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [e.pk])
    assert Evento.objects.get(pk=e.pk).accion == "CAMBIO_ESTADO"
