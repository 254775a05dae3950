"""Reads about a company's secondary users, always scoped to the actor's company.

`usuarios_filtrados` is the one definition of "the filtered result" used by the
Consultar page, Imprimir and both exports, so an export can never contain a row
the page would not show (nor one of another company).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL

from admin_usuarios.access import usuarios_de
from admin_usuarios.models import ConteoUsuarios, Perfil, Producto, Usuario, unir_nombre
from comun.texto import para_buscar

TAMANOS_PAGINA = (10, 25, 50)
PAGINAS_VECINAS = 2  # page links shown on each side of the current one


def usuarios_filtrados(actor: Usuario, filtros: dict) -> QuerySet[Usuario]:
    """The company's secondary users matching the Consultar filters, ordered by Usuario.

    `filtros` is the cleaned data of forms.FiltroUsuariosForm (missing keys = no filter).
    """
    qs = usuarios_de(actor)
    if filtros.get("usuario"):
        qs = qs.filter(username__icontains=filtros["usuario"])
    if filtros.get("nombre"):
        # The typed text gets the column's own normalisation, by the same database
        # (no accents, upper case): "perez" finds "Pérez". On PostgreSQL the column's
        # trigram index serves `%term%`; LIKE wildcards typed by the user stay plain.
        qs = qs.filter(nombre_busqueda__contains=para_buscar(Value(filtros["nombre"])))
    if filtros.get("tipo_identificacion"):
        qs = qs.filter(tipo_identificacion=filtros["tipo_identificacion"])
    if filtros.get("numero_identificacion"):
        qs = qs.filter(numero_identificacion=filtros["numero_identificacion"])
    if filtros.get("perfil"):
        # The form only accepts the company's profiles; the company filter above holds anyway.
        qs = qs.filter(perfil_id=filtros["perfil"])
    if filtros.get("estado"):
        qs = qs.filter(estado=filtros["estado"])
    return qs.order_by("username")


COLUMNAS_EXPORTACION = ("username", "nombres", "primer_apellido", "segundo_apellido", "perfil__nombre", "estado")


def filas_exportacion(actor: Usuario, filtros: dict, chunk_size: int = 2000):
    """(Usuario, Nombre Usuario, Perfil, Estado) tuples of the whole filtered result, streamed."""
    estados = {k: str(v) for k, v in Usuario.Estado.choices}  # translate once, not per row
    for username, nombres, ap1, ap2, perfil, estado in (
        usuarios_filtrados(actor, filtros).values_list(*COLUMNAS_EXPORTACION).iterator(chunk_size=chunk_size)
    ):
        yield username, unir_nombre(nombres, ap1, ap2), perfil or "", estados.get(estado, estado)


TOTAL_EN_CACHE = 600  # seconds; a cached search total is keyed by the data's version, this only frees memory
# Filters the ConteoUsuarios rows can answer (see contar_usuarios).
CAMPOS_CONTADOS = {"estado", "perfil", "tipo_identificacion"}


def _en_uso(filtros: dict) -> dict:
    return {k: v for k, v in filtros.items() if v not in (None, "")}


def _suma_conteos(actor: Usuario, filtros: dict) -> tuple[str, list] | None:
    """SQL (and its parameters) adding up the ConteoUsuarios rows of the filtered
    result, or None when they cannot answer it (a text filter, or a database
    without the triggers). Plain SQL on purpose: the ORM took longer to build this
    one-table sum as a subquery than PostgreSQL took to run it."""
    usados = _en_uso(filtros)
    if connection.vendor != "postgresql" or usados.keys() - CAMPOS_CONTADOS:
        return None
    condiciones, parametros = ["empresa_id = %s"], [actor.empresa_id]
    for campo in ("estado", "tipo_identificacion"):
        if campo in usados:
            condiciones.append(f"{campo} = %s")
            parametros.append(filtros[campo])
    if "perfil" in usados:
        condiciones.append("perfil_id = %s")
        parametros.append(int(filtros["perfil"]))
    tabla = ConteoUsuarios._meta.db_table
    # Only fixed column names go into the text; every value is a bound parameter.
    return f"SELECT COALESCE(SUM(n), 0) FROM {tabla} WHERE {' AND '.join(condiciones)}", parametros  # noqa: S608


def _huella() -> str:
    # The company's SUM(version) of ConteoUsuarios: moves with every change of its users.
    return f"SELECT COALESCE(SUM(version), 0) FROM {ConteoUsuarios._meta.db_table} WHERE empresa_id = %s"  # noqa: S608


def _total_cacheado(actor: Usuario, filtros: dict, huella: int) -> int:
    """The count of a text search, kept under the data's version (`huella`): a
    figure in the cache is never stale, since any change makes a new key."""
    usados = sorted((k, str(v)) for k, v in _en_uso(filtros).items())
    # int(): PostgreSQL's SUM of a bigint arrives as a Decimal through the annotation.
    clave = "usuarios:total:" + hashlib.sha256(repr((actor.empresa_id, int(huella), usados)).encode()).hexdigest()
    total = cache.get(clave)
    if total is None:
        total = usuarios_filtrados(actor, filtros).count()
        cache.set(clave, total, TOTAL_EN_CACHE)
    return total


def contar_usuarios(actor: Usuario, filtros: dict) -> int:
    """The exact size of `usuarios_filtrados(actor, filtros)`.

    On PostgreSQL, with no filter or only Estado / Perfil / Tipo Identificación,
    it is a sum over the trigger-maintained ConteoUsuarios rows (a few rows
    instead of a count over every user of the company). A text filter is counted
    once and the figure cached under the company's SUM(version) of those rows,
    which every change of a user moves: paging through a search, or repeating
    it, does not count again, and a cached figure is never stale.
    """
    suma = _suma_conteos(actor, filtros)
    if connection.vendor != "postgresql":
        return usuarios_filtrados(actor, filtros).count()
    with connection.cursor() as cursor:
        cursor.execute(*(suma or (_huella(), [actor.empresa_id])))
        valor = int(cursor.fetchone()[0])
    return valor if suma is not None else _total_cacheado(actor, filtros, valor)


def pagina_usuarios(actor: Usuario, filtros: dict, *, tamano: int, numero: int = 1, desde: str = "",
                    ultima: bool = False) -> Pagina:
    """The Consultar page in as few round trips as possible: the total (from
    ConteoUsuarios) or, for a text search, the data's version that keys its cached
    count, rides along in the rows' query as a scalar subquery."""
    qs = usuarios_filtrados(actor, filtros)
    if connection.vendor != "postgresql" or ultima:  # the last page needs the total before its rows
        return paginar(qs, total=contar_usuarios(actor, filtros), tamano=tamano, numero=numero, desde=desde,
                       ultima=ultima)
    suma = _suma_conteos(actor, filtros)
    if suma is not None:
        qs = qs.annotate(total_filtrado=RawSQL(*suma, output_field=IntegerField()))  # noqa: S611 (bound values)
        return paginar(qs, total=int, tamano=tamano, numero=numero, desde=desde)
    qs = qs.annotate(total_filtrado=RawSQL(_huella(), [actor.empresa_id], output_field=IntegerField()))  # noqa: S611
    return paginar(qs, total=lambda huella: _total_cacheado(actor, filtros, huella), tamano=tamano, numero=numero,
                   desde=desde)


@dataclass(slots=True)
class FilaUsuario:
    """One row of the Consultar table (plain values: no model instance per row)."""

    pk: int
    username: str
    nombre: str
    perfil: str  # "—" when the user has none
    estado: str
    url: str = ""  # set by the view
    etiqueta: str = ""


_CAMPOS_FILA = ("pk", "username", "nombres", "primer_apellido", "segundo_apellido", "perfil__nombre", "estado")


def _fila(valores: tuple, estados: dict) -> FilaUsuario:
    pk, username, nombres, ap1, ap2, perfil, estado = valores[:7]
    return FilaUsuario(pk=pk, username=username, nombre=unir_nombre(nombres, ap1, ap2),
                       perfil=perfil or "—", estado=estados.get(estado, estado))


@dataclass
class Pagina:
    """One page of a keyset-paginated result.

    Pages are addressed by the username of their first row (`desde`) plus the page
    number for display, so page 5,000 costs the same as page 1: no OFFSET scan.
    """

    filas: list[FilaUsuario]
    numero: int
    total: int
    tamano: int
    enlaces: list[dict] = field(default_factory=list)  # {"numero", "desde"} around the current page
    anterior: dict | None = None
    siguiente: dict | None = None

    @property
    def num_paginas(self) -> int:
        return max(1, math.ceil(self.total / self.tamano))

    @property
    def es_ultima(self) -> bool:
        return self.numero >= self.num_paginas

    @property
    def hay_mas_antes(self) -> bool:
        return bool(self.enlaces) and self.enlaces[0]["numero"] > 1

    @property
    def hay_mas_despues(self) -> bool:
        return bool(self.enlaces) and self.enlaces[-1]["numero"] < self.num_paginas

    @property
    def primer_registro(self) -> int:
        return 0 if not self.total or not self.filas else (self.numero - 1) * self.tamano + 1

    @property
    def ultimo_registro(self) -> int:
        return self.primer_registro + len(self.filas) - 1 if self.filas else 0


def paginar(qs: QuerySet[Usuario], *, total: int | Callable[[int], int], tamano: int, numero: int = 1,
            desde: str = "", ultima: bool = False) -> Pagina:
    """Keyset pagination on `username` (unique) with numbered links around the page.

    `total` is the size of `qs` (`contar_usuarios`), or a function that makes it
    from the `total_filtrado` annotation `qs` carries, read with the rows (not for
    the last page, which needs the total before its rows). One index range scan reads the
    page's rows together with the keys of the next PAGINAS_VECINAS pages (or, for
    the last page, of the previous ones); a page in the middle reads the previous
    keys with a second one. No OFFSET, whatever the page.
    """
    if ultima and not isinstance(total, int):
        raise ValueError("the last page needs the total before its rows")
    vecinas = tamano * PAGINAS_VECINAS
    estados = {k: str(v) for k, v in Usuario.Estado.choices}
    filas_qs = qs.values_list(*_CAMPOS_FILA, *(() if isinstance(total, int) else ("total_filtrado",)))
    antes: list[str] | None = None  # usernames before the page, nearest first
    despues: list[str] = []
    crudas: list[tuple] = []
    if ultima:
        numero = max(1, math.ceil(total / tamano))
        en_ultima = max(0, total - (numero - 1) * tamano)
        crudas = list(filas_qs.order_by("-username")[: en_ultima + vecinas])
        antes = [f[1] for f in crudas[en_ultima:]]
        crudas = crudas[:en_ultima][::-1]
    elif desde:
        crudas = list(filas_qs.filter(username__gte=desde)[: tamano + vecinas])
    if not crudas:  # page 1 (or a key / last page that no longer exists)
        numero, antes, ultima = 1, [], False
        crudas = list(filas_qs[: tamano + vecinas])
    if not isinstance(total, int):
        total = total(crudas[0][-1]) if crudas else 0
    num_paginas = max(1, math.ceil(total / tamano))
    if not ultima:
        despues = [f[1] for f in crudas[tamano:]]
        crudas = crudas[:tamano]
    filas = [_fila(f, estados) for f in crudas]
    numero = max(1, min(numero, num_paginas))
    if antes is None:
        antes = [] if numero == 1 else list(
            qs.filter(username__lt=filas[0].username).order_by("-username")
            .values_list("username", flat=True)[:vecinas])

    enlaces: list[dict] = []
    if filas:
        for i in range(1, PAGINAS_VECINAS + 1):
            n = numero - i
            if n < 1:
                break
            # Page n starts `i * tamano` rows before this page's first row.
            idx = i * tamano - 1
            if n == 1:
                enlaces.insert(0, {"numero": 1, "desde": ""})
            elif idx < len(antes):
                enlaces.insert(0, {"numero": n, "desde": antes[idx]})
        enlaces.append({"numero": numero, "desde": "" if numero == 1 else filas[0].username, "actual": True})
        for i in range(PAGINAS_VECINAS):
            idx = i * tamano
            if idx < len(despues) and numero + i + 1 <= num_paginas:
                enlaces.append({"numero": numero + i + 1, "desde": despues[idx]})
    else:
        enlaces.append({"numero": 1, "desde": "", "actual": True})
    pos = next(i for i, e in enumerate(enlaces) if e.get("actual"))
    anterior = enlaces[pos - 1] if pos > 0 else None
    siguiente = enlaces[pos + 1] if pos + 1 < len(enlaces) else None
    return Pagina(filas=filas, numero=numero, total=total, tamano=tamano, enlaces=enlaces,
                  anterior=anterior, siguiente=siguiente)


def perfiles_de(actor: Usuario) -> QuerySet[Perfil]:
    return Perfil.objects.filter(empresa_id=actor.empresa_id).order_by("nombre")


def productos_habilitados(actor: Usuario) -> QuerySet[Producto]:
    """Products the bank enabled for the actor's company (the only ones assignable)."""
    return Producto.objects.filter(empresa_id=actor.empresa_id, habilitado=True).order_by("tipo", "nombre")


def productos_por_tipo(actor: Usuario, usuario: Usuario) -> list[dict]:
    """Asignar Productos: enabled products grouped by type, each marked if assigned."""
    asignados = set(usuario.productos_asignados.values_list("producto_id", flat=True))
    grupos: dict[str, dict] = {}
    for p in productos_habilitados(actor):
        grupo = grupos.setdefault(p.tipo, {"tipo": p.tipo, "etiqueta": p.get_tipo_display(), "productos": []})
        grupo["productos"].append({"producto": p, "asignado": p.pk in asignados})
    return [grupos.get(t) or {"tipo": t, "etiqueta": etiqueta, "productos": []}
            for t, etiqueta in Producto.Tipo.choices]
