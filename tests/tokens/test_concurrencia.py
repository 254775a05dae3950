"""The quota under simultaneous assignments, on real PostgreSQL (row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from comun.errores import AccionRechazada
from tests.factories import crear_admin, crear_empresa, crear_secundario
from tokens import actions
from tokens.models import CupoTokens, TokenVirtual

K = 8


def _carrera(usuarios, admin) -> tuple[list[str], list[str]]:
    barrera = threading.Barrier(len(usuarios))
    exitos: list[str] = []
    rechazos: list[str] = []
    cerrojo = threading.Lock()

    def asignar(usuario) -> None:
        try:
            barrera.wait()
            token = actions.do_asignar_token(usuario, actor=admin)
            with cerrojo:
                exitos.append(token.serial)
        except AccionRechazada as exc:
            with cerrojo:
                rechazos.append(str(exc))
        finally:
            connection.close()

    hilos = [threading.Thread(target=asignar, args=(u,)) for u in usuarios]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(30)
    return exitos, rechazos


@pytest.mark.parametrize(("cupo", "libres", "esperados", "motivo"), [
    (4, 10, 3, "cupo"),             # the quota is the limit (admin's own token uses one)
    (20, 3, 3, "No hay tokens"),    # the pool of free serials is the limit
])
def test_quota_never_exceeded_under_concurrency(requiere_postgres, cupo, libres, esperados, motivo):
    empresa = crear_empresa()
    admin = crear_admin(empresa)
    CupoTokens.objects.create(empresa=empresa, cantidad=cupo)
    TokenVirtual.objects.bulk_create(
        [TokenVirtual(empresa=empresa, serial=f"FEF49{i:05d}") for i in range(libres)]
    )
    usuarios = [crear_secundario(empresa, f"usr{i}") for i in range(K)]
    exitos, rechazos = _carrera(usuarios, admin)
    assert len(exitos) == esperados and len(set(exitos)) == esperados
    assert len(rechazos) == K - esperados and all(motivo in r for r in rechazos)
    en_uso = TokenVirtual.objects.filter(empresa=empresa).exclude(estado="DISPONIBLE").count()
    assert en_uso == esperados + 1 <= cupo


def test_same_user_assigned_twice_at_once_gets_one_token(requiere_postgres):
    empresa = crear_empresa()
    admin = crear_admin(empresa)
    CupoTokens.objects.create(empresa=empresa, cantidad=10)
    TokenVirtual.objects.bulk_create([TokenVirtual(empresa=empresa, serial=f"FEF49{i:05d}") for i in range(5)])
    usuario = crear_secundario(empresa, "mguerrero")
    exitos, rechazos = _carrera([usuario] * 4, admin)
    assert len(exitos) == 1 and len(rechazos) == 3
    assert all("ya tiene un token" in r for r in rechazos)
