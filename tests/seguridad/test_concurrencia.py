"""Row locks on PostgreSQL: two simultaneous changes of the same user or list never both pass."""

from __future__ import annotations

import threading

from django.db import connection

from admin_usuarios.actions.estados import do_cambiar_estado_usuario
from admin_usuarios.eventos import Eventos as Acciones
from admin_usuarios.models import ReglaIP, Usuario
from auditoria.models import Evento
from comun.errores import AccionRechazada
from seguridad.actions.ips import do_agregar_regla_ip
from tests.factories import crear_admin, crear_empresa, crear_secundario


def _a_la_vez(fn, n: int = 2) -> list:
    barrera = threading.Barrier(n)
    resultados: list = []

    def correr() -> None:
        try:
            barrera.wait()
            resultados.append(fn())
        except AccionRechazada as exc:
            resultados.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr) for _ in range(n)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return resultados


def test_same_state_change_twice_at_once_happens_once(requiere_postgres):
    empresa = crear_empresa()
    admin = crear_admin(empresa)
    secundario = crear_secundario(empresa)
    resultados = _a_la_vez(lambda: do_cambiar_estado_usuario(secundario, Usuario.Estado.INACTIVO, actor=admin))
    assert sum(isinstance(r, AccionRechazada) for r in resultados) == 1
    assert Evento.objects.filter(accion=Acciones.CAMBIO_ESTADO).count() == 1


def test_same_ip_added_twice_at_once_is_stored_once(requiere_postgres):
    empresa = crear_empresa()
    admin = crear_admin(empresa)
    resultados = _a_la_vez(lambda: do_agregar_regla_ip(empresa, red="10.0.0.0/8", actor=admin))
    assert sum(isinstance(r, AccionRechazada) for r in resultados) == 1
    assert ReglaIP.objects.count() == 1
