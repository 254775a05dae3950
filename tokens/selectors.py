"""Reads about tokens: the login / step-up device, the company list and its counts."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Count, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Usuario
from comun import filas
from comun.filas import Lector
from tokens.models import CupoTokens, TokenFisico, TokenVirtual


def dispositivo_activo(usuario: Usuario) -> TOTPDevice | None:
    """The device whose code the user must give: the Activo virtual token's, else an
    Activo physical token's. Anything not Activo (Inactivo, pending, released) is refused.

    One query whoever asks, even for a user without a token or an unsaved stand-in:
    the login runs it for unknown usernames too, and the number of queries must
    not tell them apart.
    """
    pk = usuario.pk if usuario.pk is not None else -1
    parametros = [pk, str(TokenVirtual.Estado.ACTIVO), pk, str(TokenFisico.Estado.ACTIVO)]
    with filas.cursor(connection) as cursor:
        cursor.execute(_sql_dispositivo(connection.alias), parametros)
        fila = cursor.fetchone()
    return None if fila is None else _DISPOSITIVO.leer(fila, 0, connection)


_DISPOSITIVO = Lector(TOTPDevice, "d")


@functools.cache
def _sql_dispositivo(alias: str) -> str:
    # Plain SQL written once (and prepared on PostgreSQL: its planning cost more than running
    # it, on every step-up page): the ORM spent several times the statement's own time
    # compiling the same question as two EXISTS annotations repeated in the filter.
    q = connections[alias].ops.quote_name
    d, v, f = (q(m._meta.db_table) for m in (TOTPDevice, TokenVirtual, TokenFisico))
    return (
        f"SELECT {_DISPOSITIVO.columnas(q)} FROM {d} d JOIN (SELECT dispositivo_id, 0 AS orden FROM {v}"  # noqa: S608
        f" WHERE usuario_id = %s AND estado = %s UNION ALL SELECT dispositivo_id, 1 FROM {f}"
        " WHERE usuario_id = %s AND estado = %s) t ON t.dispositivo_id = d.id WHERE d.confirmed"
        " ORDER BY t.orden, d.id LIMIT 1"
    )


def tiene_token_inactivo(usuario: Usuario) -> bool:
    """An Inactivo virtual token bars the login until it is reactivated or released."""
    return TokenVirtual.objects.filter(usuario=usuario, estado=TokenVirtual.Estado.INACTIVO).exists()


@dataclass(frozen=True)
class Resumen:
    cupo: int
    en_uso: int
    libres: int  # Disponible serials in the pool

    @property
    def disponibles(self) -> int:
        """How many more tokens can be assigned: bounded by the quota and by the pool."""
        return max(0, min(self.cupo - self.en_uso, self.libres))


def resumen_empresa(empresa_id: int) -> Resumen:
    cupo = CupoTokens.objects.filter(empresa_id=empresa_id).values_list("cantidad", flat=True).first() or 0
    conteo = TokenVirtual.objects.filter(empresa_id=empresa_id).aggregate(
        libres=Count("pk", filter=Q(estado=TokenVirtual.Estado.DISPONIBLE)),
        en_uso=Count("pk", filter=~Q(estado=TokenVirtual.Estado.DISPONIBLE)),  # TokenVirtual.objects.en_uso()
    )
    return Resumen(cupo=cupo, en_uso=conteo["en_uso"], libres=conteo["libres"])


def tokens_de_empresa(
    empresa_id: int, *, estado: str = "", fecha: dt.date | None = None, texto: str = ""
) -> QuerySet[TokenVirtual]:
    """The company's tokens in use (those with a user), filtered, for the list and its exports."""
    qs = (
        TokenVirtual.objects.en_uso().filter(empresa_id=empresa_id)
        .select_related("usuario")
        .order_by("-actualizado", "serial")
    )
    if estado:
        qs = qs.filter(estado=estado)
    if fecha:
        qs = qs.filter(actualizado__date=fecha)
    texto = (texto or "").strip()
    if texto:
        qs = qs.filter(
            Q(serial__icontains=texto)
            | Q(usuario__username__icontains=texto)
            | Q(usuario__nombres__icontains=texto)
            | Q(usuario__primer_apellido__icontains=texto)
            | Q(usuario__segundo_apellido__icontains=texto)
        )
    return qs


def motivo_no_asignable(usuario: Usuario) -> str:
    """Why this user cannot receive a token now ('' when they can). Seed 003's preconditions."""
    from django.utils.translation import gettext as _

    if usuario.estado != Usuario.Estado.ACTIVO:
        return _("El usuario no está activo.")
    if not usuario.email:
        return _("El usuario no tiene correo electrónico registrado.")
    if not usuario.celular:
        return _("El usuario no tiene celular registrado.")
    return ""


def candidatos_asignacion(usuarios: QuerySet[Usuario]) -> list[tuple[Usuario, str]]:
    """(user, reason-they-cannot) for the users without a token in use; reason '' = selectable."""
    con_token = TokenVirtual.objects.en_uso()
    qs = usuarios.exclude(pk__in=con_token.values("usuario_id")).order_by("username")
    return [(u, motivo_no_asignable(u)) for u in qs]
