"""Who may capture, approve or activate: the maker-checker rules, each worded once.

Used by the menu gates, the forms (to offer only what will be accepted) and the
actions (which check again under the operation's row lock).
"""

from __future__ import annotations

import functools
from decimal import Decimal

from django.db import connection, connections
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from admin_usuarios.models import Perfil, Producto, ProductoAsignado, Usuario
from comun import filas
from comun.acceso import tiene_opcion
from comun.errores import AccionRechazada
from comun.filas import Lector, convertir
from topes.models import TopeUsuario
from transacciones.models import Aprobacion, Operacion

T = Operacion.Tipo

# Profile options (admin_usuarios.actions.perfiles.OPCIONES_PERFIL).
TRANSFERENCIAS = "transferencias"
PAGOS_TERCEROS = "pagos_terceros"
PAGOS_IMPUESTOS = "pagos_impuestos"
APROBACIONES = "aprobaciones"
INSCRIPCION = "inscripcion_cuentas"
HISTORICO = "historico_transacciones"
ARCHIVOS = "archivos"
# Any of these opens a screen reached from several places (comun.acceso.opcion_requerida).
CAPTURA = (TRANSFERENCIAS, PAGOS_TERCEROS, PAGOS_IMPUESTOS, ARCHIVOS)
OPERACION = (*CAPTURA, APROBACIONES, HISTORICO)  # an operation's detail and comprobante
BENEFICIARIOS = (INSCRIPCION, APROBACIONES)  # Inscripción de Cuentas: register, or activate as second person

OPCION_DE_TIPO = {T.INTERNA: TRANSFERENCIAS, T.OTROS_BANCOS: TRANSFERENCIAS, T.TERCEROS: PAGOS_TERCEROS,
                  T.IMPUESTOS: PAGOS_IMPUESTOS, T.NOMINA: ARCHIVOS, T.PROVEEDORES: ARCHIVOS}
# The topes service (topes.Servicio.codigo) each operation type consumes.
SERVICIO_DE_TIPO = {T.INTERNA: "transferencias", T.OTROS_BANCOS: "transferencias", T.TERCEROS: "pagos-terceros",
                    T.IMPUESTOS: "pagos-impuestos", T.NOMINA: "pagos-nomina", T.PROVEEDORES: "pagos-proveedores"}

CAPTURAN = (Perfil.Tipo.OPERADOR, Perfil.Tipo.AMBOS)
APRUEBAN = (Perfil.Tipo.SUPERVISOR, Perfil.Tipo.AMBOS)


def _perfil(user: Usuario) -> Perfil | None:
    return user.perfil if getattr(user, "perfil_id", None) else None


def _operativo(user: Usuario) -> bool:
    """An active secondary user of a company: the administrator administers and never moves money."""
    return bool(getattr(user, "empresa_id", None)) and not user.es_administrador and user.is_active


# The profile-type rules (who captures, who approves) are worded here; whether the profile holds the
# option is always asked of comun.acceso.tiene_opcion, the helper of every operating view's gate.

def puede_capturar(user: Usuario, opcion: str) -> bool:
    perfil = _perfil(user)
    return _operativo(user) and perfil is not None and perfil.tipo in CAPTURAN and tiene_opcion(user, opcion)


def puede_aprobar(user: Usuario) -> bool:
    perfil = _perfil(user)
    return _operativo(user) and perfil is not None and perfil.tipo in APRUEBAN and tiene_opcion(user, APROBACIONES)


def puede_inscribir(user: Usuario) -> bool:
    return _operativo(user) and tiene_opcion(user, INSCRIPCION)


def puede_activar_beneficiarios(user: Usuario) -> bool:
    """The second person of Inscripción de Cuentas: whoever may register accounts or approve operations."""
    return _operativo(user) and tiene_opcion(user, BENEFICIARIOS)


def puede_ver_historico(user: Usuario) -> bool:
    # The administrator reads the Histórico (it administers; reading moves no money).
    return tiene_opcion(user, HISTORICO, administrador=True)


def verificar_captura(user: Usuario, tipo: str) -> None:
    if not _operativo(user):
        raise AccionRechazada(_("El administrador de la empresa administra y no captura operaciones."))
    perfil = _perfil(user)
    if perfil is None or perfil.tipo not in CAPTURAN:
        raise AccionRechazada(_("Solo un usuario con perfil Operador o Ambos puede capturar operaciones."))
    if not tiene_opcion(user, OPCION_DE_TIPO[tipo]):
        raise AccionRechazada(_("Su perfil no tiene habilitada la opción %(o)s.") % {"o": T(tipo).label})


def _topes_desde(quote_name, usuario: str = "%s") -> str:
    """The approver-limit rule, once: their limit rows (t) on the products assigned to them (a)
    that the bank keeps enabled; `usuario` is the approver's id (a parameter, or an outer column)."""
    t, a, p = (quote_name(m._meta.db_table) for m in (TopeUsuario, ProductoAsignado, Producto))
    return (f"FROM {t} t JOIN {a} a ON a.id = t.asignacion_id JOIN {p} p ON p.id = a.producto_id"
            f" WHERE a.usuario_id = {usuario} AND p.habilitado")


def topes_de_aprobador(user: Usuario) -> dict[tuple[int, int], Decimal]:
    """(product id, service id) → the approver's per-transaction limit. One query (plain SQL)."""
    return filas.leer_juntos(connection, consulta_topes(user))[0]


def consulta_topes(user: Usuario) -> filas.Consulta:
    """`topes_de_aprobador` as a statement, to read together with others (comun.filas.leer_juntos)."""
    campo = TopeUsuario._meta.get_field("transaccion")
    return filas.Consulta(_sql_topes(connection.alias), [user.pk], todas=True,
                          leer=lambda crudas: {(p, s): convertir(campo, t, connection) for p, s, t in crudas})


@functools.cache
def _sql_topes(alias: str) -> str:
    return f"SELECT a.producto_id, t.servicio_id, t.transaccion {_topes_desde(connections[alias].ops.quote_name)}"  # noqa: S608


def sql_tope_aprobador(quote_name, producto: str, servicio: str, usuario: str = "%s") -> str:
    """`topes_de_aprobador` for one (product, service) as a scalar subquery (`usuario`: the
    approver's id, by default its one parameter; `producto`, `servicio` the outer query's columns
    or parameters): the same rule, read with the operation's lock by a single approval and by
    the search for whom to tell."""
    return (f"(SELECT t.transaccion {_topes_desde(quote_name, usuario)}"  # noqa: S608
            f" AND a.producto_id = {producto} AND t.servicio_id = {servicio})")


def verificar_aprobador(op: Operacion, user: Usuario, topes: dict[tuple[int, int], Decimal] | None = None) -> None:
    """SPEC: same company, active, Supervisor or Ambos, the approval option, the origin
    product assigned, a per-transaction limit ≥ the amount; never the captor."""
    if op.empresa_id != getattr(user, "empresa_id", None):
        raise AccionRechazada(_("La operación no existe."))
    if not _operativo(user):
        raise AccionRechazada(_("El administrador de la empresa administra y no aprueba operaciones."))
    if op.captor_id == user.pk:
        raise AccionRechazada(_("Usted capturó esta operación: no puede aprobarla ni rechazarla."))
    if not puede_aprobar(user):
        raise AccionRechazada(_("Solo un usuario con perfil Supervisor o Ambos y la opción Aprobación de "
                                "Operaciones puede aprobar."))
    if topes is None:
        topes = topes_de_aprobador(user)
    limite = topes.get((op.origen_id, op.servicio_id))
    if limite is None:
        raise AccionRechazada(_("El producto origen no está asignado a usted, o no tiene topes para este servicio."))
    if op.monto > limite:
        raise AccionRechazada(_("El monto supera su tope por transacción para este producto y servicio."))


def pendientes_para(user: Usuario, *, topes: dict[tuple[int, int], Decimal] | None = None) -> QuerySet[Operacion]:
    """What awaits this user's approval: "Usted tiene N Autorización(es)" and Aprobación de Operaciones.

    The approver's few limits become the filter (origin × service × amount ≤ limit), so the
    database answers from the `operacion_pendientes` index however many operations wait.
    The filter is plain SQL (compiling it as Q objects and a subquery cost the page more than
    the database took to answer), on the operations table only. `topes`: the user's
    (`topes_de_aprobador`), when the caller read them already.
    """
    if not puede_aprobar(user):
        return Operacion.objects.none()
    if topes is None:
        topes = topes_de_aprobador(user)
    if not topes:
        return Operacion.objects.none()
    params = [user.empresa_id, str(Operacion.Estado.POR_APROBAR)]
    for (producto, servicio), limite in topes.items():
        params += [producto, servicio, limite]
    # The operations this user already approved, among those still pending: a short list
    # the database hashes once ("NOT IN"), where a NOT EXISTS probed it once per pending row.
    params += [user.pk, user.pk, str(Operacion.Estado.POR_APROBAR), user.empresa_id]
    # Fixed SQL of ours, every value a bound parameter.
    return Operacion.objects.extra(where=[_sql_pendientes(connection.alias, len(topes))], params=params)  # noqa: S610


@functools.lru_cache(maxsize=64)
def _sql_pendientes(alias: str, n_topes: int) -> str:
    q = connections[alias].ops.quote_name
    o, ap = q(Operacion._meta.db_table), q(Aprobacion._meta.db_table)
    limites = " OR ".join([f"({o}.origen_id = %s AND {o}.servicio_id = %s AND {o}.monto <= %s)"] * n_topes)
    return (f"{o}.empresa_id = %s AND {o}.estado = %s AND ({limites}) AND {o}.captor_id <> %s"  # noqa: S608
            f" AND {o}.id NOT IN (SELECT a.operacion_id FROM {ap} a JOIN {o} x ON x.id = a.operacion_id"
            " WHERE a.aprobador_id = %s AND x.estado = %s AND x.empresa_id = %s)")


def aprobadores_de(op: Operacion) -> list[Usuario]:
    """Everyone who may approve `op` now (to tell them by email), with their profile. One query.

    Plain SQL written once: the queryset (four joins and a DISTINCT) cost a capture more
    to compile and plan than to run."""
    return filas.leer_juntos(connection, consulta_aprobadores(op))[0]


def consulta_aprobadores(op: Operacion) -> filas.Consulta:
    """`aprobadores_de` as a statement (comun.filas): it needs only the operation's fields, not
    its id, so a capture sends it with the operation's insert."""
    def leer(resultado) -> list[Usuario]:
        candidatos = []
        for fila in resultado:
            usuario = _USUARIO.leer(fila, 0, connection)
            usuario._state.fields_cache["perfil"] = _PERFIL.leer(fila, _USUARIO.ancho, connection)
            candidatos.append(usuario)
        return [u for u in candidatos if tiene_opcion(u, APROBACIONES)]

    return filas.Consulta(_sql_aprobadores(connection.alias), [
        op.empresa_id, str(Usuario.Estado.ACTIVO), *(str(t) for t in APRUEBAN), op.captor_id,
        op.origen_id, op.servicio_id, op.monto], leer, todas=True)


_USUARIO, _PERFIL = Lector(Usuario, "u"), Lector(Perfil, "pf")


@functools.cache
def _sql_aprobadores(alias: str) -> str:
    """Active secondary users of the company with a Supervisor/Ambos profile, not the captor, holding
    a per-transaction limit ≥ the amount on the origin for the service; in username order."""
    q = connections[alias].ops.quote_name
    u, pf = (q(m._meta.db_table) for m in (Usuario, Perfil))
    # The same limit rule as the approval itself (sql_tope_aprobador): an enabled origin product.
    return (f"SELECT {_USUARIO.columnas(q)}, {_PERFIL.columnas(q)} FROM {u} u JOIN {pf} pf ON pf.id = u.perfil_id"  # noqa: S608
            " WHERE u.empresa_id = %s AND NOT u.es_administrador AND u.estado = %s AND pf.tipo IN"
            f" ({', '.join(['%s'] * len(APRUEBAN))}) AND u.id <> %s"
            f" AND {sql_tope_aprobador(q, '%s', '%s', usuario='u.id')} >= %s"
            " ORDER BY u.username")
