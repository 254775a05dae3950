"""Every state change of an operation: capture, approve, reject, cancel, expire, execute.

Each is one atomic function that locks the operation's row, checks the
transition, saves with `update_fields`, writes the audit row with before/after
and queues its emails on commit. The screens, Celery beat and the bank admin
call these and nothing else writes an operation's state.

Exactly once: execution posts the ledger transfer whose id is the operation's
(`operacion:<id>`), under the operation's row lock and only from Por Aprobar /
Aprobada. Two simultaneous last approvals queue on the lock; the second finds
the operation Ejecutada. A retry that reached the ledger anyway is the same
transfer (the ledger answers "already exists"), never a second one.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from decimal import Decimal

from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import Empresa, Horario, Producto, Usuario
from auditoria.actions import foto, nuevo_evento, registrar, registrar_varios
from bandeja import catalogo
from bandeja.avisos import notificar, notificar_a, notificar_varios
from comun import filas
from comun.dinero import formato_cop
from comun.entradas import solo_digitos
from comun.errores import AccionRechazada
from comun.filas import Lector, actualizar, convertir, insertar, insertar_uno
from cuentas import ledger
from cuentas.errores import FondosInsuficientes
from cuentas.models import Cuenta
from seguridad.reglas import es_festivo, horario_permite, operacion_monetaria_permitida
from topes.actions import do_liberar_reserva
from topes.models import Servicio, TopeUsuario
from topes.operaciones import (
    DIA_NO_PERMITIDO,
    PRODUCTO_DESHABILITADO,
    PRODUCTO_NO_ASIGNADO,
    check_operation,
    consulta_servicio,
    consulta_tope,
)
from transacciones.ejecutores import ejecutor_de
from transacciones.eventos import Eventos
from transacciones.models import BANCO_OCCIDENTE, Aprobacion, Beneficiario, Operacion
from transacciones.reglas import (
    SERVICIO_DE_TIPO,
    consulta_aprobadores,
    sql_tope_aprobador,
    topes_de_aprobador,
    verificar_aprobador,
    verificar_captura,
)

E = Operacion.Estado
T = Operacion.Tipo
MAX_DIAS_PROGRAMADA = 365
CAMPOS_AUDITADOS = ("estado", "aprobaciones_recibidas", "motivo")


class Codigos:
    """Ledger transfer codes (why the money moved), next to cuentas.actions.Codigos."""

    INTERNA = 10
    OTROS_BANCOS = 11
    TERCEROS = 12
    IMPUESTOS = 13
    NOMINA = 14
    PROVEEDORES = 15


CODIGO_DE_TIPO = {T.INTERNA: Codigos.INTERNA, T.OTROS_BANCOS: Codigos.OTROS_BANCOS, T.TERCEROS: Codigos.TERCEROS,
                  T.IMPUESTOS: Codigos.IMPUESTOS, T.NOMINA: Codigos.NOMINA, T.PROVEEDORES: Codigos.PROVEEDORES}


class Diferido:
    """Audit rows and notifications kept for the end of the action: one insert per table
    however many an approval (and its execution) or a bulk approval writes."""

    def __init__(self) -> None:
        self.eventos: list = []
        self.avisos: list = []

    def registrar(self, accion: str, **kwargs) -> None:
        self.eventos.append(nuevo_evento(accion, **kwargs))

    def notificar(self, usuario: Usuario, evento: str, **kwargs) -> None:
        self.avisos.append((usuario, evento, kwargs))

    def volcar(self) -> None:
        # Nobody reads their ids: inside `filas.juntas` both go with the action's other writes.
        registrar_varios(self.eventos, ids=False)
        notificar_varios(self.avisos, ids=False)
        self.eventos, self.avisos = [], []


def hoy() -> dt.date:
    return timezone.localdate()


def inicio_del_dia(fecha: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(fecha, dt.time.min))


def _describir(op: Operacion) -> dict:
    return {"numero": op.numero, "tipo": op.tipo, "origen": str(op.origen), "destino": op.destino_texto,
            "monto": str(op.monto), "fecha_programada": op.fecha_programada.isoformat(),
            "referencia": op.referencia, "aprobaciones_requeridas": op.aprobaciones_requeridas}


# ---------------------------------------------------------------------------- capture

def _validar_destino(tipo: str, origen: Producto, *, destino: Producto | None, beneficiario: Beneficiario | None,
                     formulario: str, numero_formulario: str) -> None:
    if tipo == T.INTERNA:
        if destino is None or destino.empresa_id != origen.empresa_id or not destino.habilitado:
            raise AccionRechazada(_("Elija el producto destino."), campo="destino")
        if destino.pk == origen.pk:
            raise AccionRechazada(_("El producto destino debe ser distinto del origen."), campo="destino")
    elif tipo in (T.OTROS_BANCOS, T.TERCEROS):
        if beneficiario is None or beneficiario.empresa_id != origen.empresa_id:
            raise AccionRechazada(_("Elija una cuenta inscrita."), campo="beneficiario")
        if beneficiario.estado != Beneficiario.Estado.ACTIVO:
            raise AccionRechazada(_("La cuenta inscrita no está activa: otra persona debe activarla con su token."),
                                  campo="beneficiario")
        if tipo == T.OTROS_BANCOS and beneficiario.banco == BANCO_OCCIDENTE:
            raise AccionRechazada(_("Para una cuenta del Banco de Occidente use Pagos - A Terceros."),
                                  campo="beneficiario")
    elif tipo == T.IMPUESTOS:
        if formulario not in Operacion.Formulario.values:
            raise AccionRechazada(_("Elija el tipo de formulario."), campo="formulario")
        if not (solo_digitos(numero_formulario) and 6 <= len(numero_formulario) <= 20):
            raise AccionRechazada(_("El número de formulario tiene entre 6 y 20 dígitos."), campo="numero_formulario")


def _validar_fecha(actor: Usuario, fecha: dt.date, horario: Horario | None) -> None:
    dia = hoy()
    if fecha < dia:
        raise AccionRechazada(_("La fecha de aplicación no puede ser anterior a hoy."), campo="fecha")
    if fecha > dia + dt.timedelta(days=MAX_DIAS_PROGRAMADA):
        raise AccionRechazada(_("La fecha de aplicación puede estar hasta un año adelante."), campo="fecha")
    if not horario_permite(horario):
        raise AccionRechazada(_("Está fuera de su horario para realizar operaciones."))
    # The execution day is checked by check_operation; a Programada also needs today allowed.
    if fecha != dia and (dia.weekday() >= 5 or es_festivo(dia)) and not operacion_monetaria_permitida(horario, dia):
        raise AccionRechazada(_("Hoy no está permitido realizar operaciones monetarias."), campo="fecha")


def _campo_de_rechazo(motivo: str) -> str:
    if motivo in (PRODUCTO_NO_ASIGNADO, PRODUCTO_DESHABILITADO):
        return "origen"
    if motivo == DIA_NO_PERMITIDO:
        return "fecha"
    return "monto"


def do_capturar_operacion(*, tipo: str, origen: Producto, monto: Decimal, fecha: dt.date, clave: uuid.UUID,
                          referencia: str = "", destino: Producto | None = None,
                          beneficiario: Beneficiario | None = None, formulario: str = "",
                          numero_formulario: str = "", actor: Usuario,
                          request: HttpRequest | None = None) -> tuple[Operacion, bool]:
    """Capture an operation; returns (operation, created).

    `clave` comes from the form when it was rendered: the same form posted twice
    (double click, back + resubmit, a retried request) returns the first operation.
    """
    # No lookup first: the unique (captor, key) refuses the second insert, and the common
    # case (a new form) saves that round trip; the screens look the key up before the token.
    try:
        with transaction.atomic():
            return _capturar(tipo=tipo, origen=origen, monto=monto, fecha=fecha, clave=clave, referencia=referencia,
                             destino=destino, beneficiario=beneficiario, formulario=formulario,
                             numero_formulario=numero_formulario, actor=actor, request=request), True
    except (IntegrityError, AccionRechazada):
        # The same form, saved before (a retry) or committed by a concurrent request while
        # this one waited on the captor's limit row (its reservation may be what made this
        # one exceed the limit): the answer is the first operation.
        previa = Operacion.objects.filter(captor=actor, clave_idempotencia=clave).first()
        if previa is None:
            raise
        return previa, False


def _capturar(*, tipo: str, origen: Producto, monto: Decimal, fecha: dt.date, clave: uuid.UUID, referencia: str,
              destino: Producto | None, beneficiario: Beneficiario | None, formulario: str,
              numero_formulario: str, actor: Usuario, request: HttpRequest | None) -> Operacion:
    verificar_captura(actor, tipo)
    if origen.empresa_id != actor.empresa_id:
        raise AccionRechazada(_("El producto no está asignado al usuario."), campo="origen")
    _validar_destino(tipo, origen, destino=destino, beneficiario=beneficiario, formulario=formulario,
                     numero_formulario=numero_formulario)
    # The captor's schedule, the service and the captor's limit row for it (locked, as
    # check_operation locks it), read together (one statement on PostgreSQL).
    horario, servicio, tope = filas.leer_juntos(connection, Horario.objects.consulta_vigente(actor),
                                                consulta_servicio(SERVICIO_DE_TIPO[tipo]),
                                                consulta_tope(actor, origen.pk, SERVICIO_DE_TIPO[tipo]))
    _validar_fecha(actor, fecha, horario)
    if servicio is None:
        raise Servicio.DoesNotExist(SERVICIO_DE_TIPO[tipo])
    cuando = timezone.now() if fecha == hoy() else inicio_del_dia(fecha)
    # The reservation against the captor's topes, in this transaction: if anything below
    # fails, it is rolled back with the operation.
    resultado = check_operation(actor, origen, servicio, monto, cuando, referencia=f"{T(tipo).label}"[:60],
                                tope=tope)
    if not resultado:
        raise AccionRechazada(resultado.mensaje, campo=_campo_de_rechazo(resultado.motivo), codigo=resultado.motivo)
    # The profile at capture time fixes the bar (verificar_captura read it for this request).
    requeridas = actor.perfil.aprobaciones
    vence = min(timezone.now() + dt.timedelta(days=actor.empresa.dias_aprobacion),
                inicio_del_dia(fecha + dt.timedelta(days=1)))
    op = Operacion(
        empresa_id=actor.empresa_id, tipo=tipo, servicio=servicio, origen=origen, destino=destino,
        beneficiario=beneficiario, formulario=formulario if tipo == T.IMPUESTOS else "",
        numero_formulario=numero_formulario if tipo == T.IMPUESTOS else "", monto=monto,
        referencia=referencia[:40], fecha_programada=fecha, captor=actor, aprobaciones_requeridas=requeridas,
        reserva=resultado.consumo, clave_idempotencia=clave, vence=vence,
    )
    if requeridas == 0:
        insertar_uno(op)
        registrar_varios([_evento_captura(op, actor=actor, request=request)])
        _completar(op, actor=actor, request=request)
        op.save(update_fields=["estado", "motivo", "finalizada", "finalizada_por", "reserva"])
        return op
    # The approvers to tell depend on the operation's fields, not on its id: their read goes
    # with the insert (one statement on PostgreSQL). Then the audit row and their
    # notifications, together at the end of the block (one statement).
    aprobadores = filas.insertar_leyendo(op, consulta_aprobadores(op))
    with filas.juntas(connection):
        registrar_varios([_evento_captura(op, actor=actor, request=request)], ids=False)
        _avisar_aprobadores(op, aprobadores)
    return op


def _evento_captura(op: Operacion, *, actor: Usuario, request: HttpRequest | None):
    return nuevo_evento(Eventos.OPERACION_CAPTURADA, actor=actor, objetivo_descripcion=f"Operación {op.numero}",
                        detalles={"antes": {}, "despues": {**_describir(op), "estado": op.estado}}, request=request)


# ---------------------------------------------------------------------------- execution

def _clave_credito(op: Operacion) -> str | None:
    """The ledger account credited, by its key; None for an internal transfer (the destination product's)."""
    if op.tipo == T.INTERNA:
        return None
    if op.tipo == T.IMPUESTOS:
        return "banco:impuestos"
    # Accounts of other banks are settled through that bank's clearing account; a third
    # party's account at Occidente lives in the bank's core, outside this ledger.
    banco = op.beneficiario.banco
    return "banco:caja" if banco == BANCO_OCCIDENTE else f"banco:compensacion:{banco}"


def _cuentas(op: Operacion) -> tuple[int | Cuenta, int | Cuenta]:
    """(debit, credit) ledger accounts, in one query; opened on first use."""
    clave = _clave_credito(op)
    # Read with the operation's lock (one approval), when both exist already.
    if clave is None and getattr(op, "cuenta_origen", None) and getattr(op, "cuenta_destino", None):
        return op.cuenta_origen, op.cuenta_destino
    productos = [op.origen_id] if clave is not None else [op.origen_id, op.destino_id]
    ids: dict[object, int] = {}
    for pk, producto_id, k in Cuenta.objects.filter(Q(producto_id__in=productos) | Q(clave=clave or "")).values_list(
            "pk", "producto_id", "clave"):
        ids[producto_id or k] = pk
    debito = ids.get(op.origen_id) or ledger.cuenta_de_producto(op.origen)
    if clave is None:
        credito = ids.get(op.destino_id) or ledger.cuenta_de_producto(op.destino)
    else:
        credito = ids.get(clave) or ledger.cuenta_banco(clave)
    return debito, credito


def _descripcion(op: Operacion) -> str:
    if op.tipo == T.INTERNA:
        return f"Transferencia interna a {op.destino.nombre}"
    if op.tipo == T.IMPUESTOS:
        return f"Pago impuesto Form. {op.formulario} No. {op.numero_formulario}"
    prefijo = "Pago a tercero" if op.tipo == T.TERCEROS else "Transferencia a"
    return f"{prefijo} {op.beneficiario.alias} {op.beneficiario.get_banco_display()}"


def _completar(op: Operacion, *, actor: Usuario | None, request: HttpRequest | None,
               diferido: Diferido | None = None, cuentas: dict | None = None) -> None:
    """The last approval arrived: execute now, or wait for its day (Aprobada). Caller saves."""
    if op.fecha_programada > hoy():
        op.estado = E.APROBADA
        return
    _ejecutar(op, actor=actor, request=request, diferido=diferido, cuentas=cuentas)


def _ejecutar(op: Operacion, *, actor: Usuario | None, request: HttpRequest | None,
              diferido: Diferido | None = None, cuentas: dict | None = None) -> None:
    """Post the ledger transfer (id = the operation's). Caller holds the row lock and saves.

    A type with a registered executor (a payment file) is handed to it instead: En
    ejecución, its reservation kept until `do_finalizar_ejecucion`.
    """
    antes = foto(op, CAMPOS_AUDITADOS)
    ejecutor = ejecutor_de(op.tipo)
    if ejecutor is not None:
        op.estado = E.EN_EJECUCION
        ejecutor(op)
        registrar(Eventos.OPERACION_EN_EJECUCION, actor=actor, empresa=op.empresa,
                  objetivo_descripcion=f"Operación {op.numero}",
                  detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS)}, request=request)
        return
    escribir = diferido.registrar if diferido is not None else registrar
    try:
        # A bulk approval reads each (origin, destination) pair's accounts once.
        par = (op.origen_id, op.destino_id, _clave_credito(op))
        if cuentas is not None and par in cuentas:
            debito, credito = cuentas[par]
        else:
            debito, credito = _cuentas(op)
            if cuentas is not None:
                cuentas[par] = (debito, credito)
        ledger.crear_transferencia(
            op.id_transferencia, debito=debito, credito=credito,
            monto=op.monto, codigo=CODIGO_DE_TIPO[op.tipo], descripcion=_descripcion(op),
            referencia=op.referencia or f"OP-{op.numero}",
        )
    except FondosInsuficientes:
        op.estado, op.motivo = E.FALLIDA, _("Fondos insuficientes en el producto origen.")
        _liberar(op, actor=actor, request=request)
        evento = Eventos.OPERACION_FALLIDA
    else:
        op.estado = E.EJECUTADA
        evento = Eventos.OPERACION_EJECUTADA
    op.finalizada, op.finalizada_por = timezone.now(), actor
    escribir(evento, actor=actor, empresa=op.empresa, objetivo_descripcion=f"Operación {op.numero}",
             detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS), "transferencia": op.id_transferencia},
             request=request)
    _avisar_captor(op, diferido)


def _liberar(op: Operacion, *, actor: Usuario | None, request: HttpRequest | None) -> None:
    if op.reserva_id is not None:
        do_liberar_reserva(op.reserva_id, actor=actor, motivo=f"operacion:{op.pk}:{op.estado}", request=request)
        op.reserva = None


def _bloquear(op: Operacion | int, *, aprobador: Usuario | None = None, leer: bool = False) -> Operacion:
    """The operation under its row lock, with its origin, destination and captor, in one query.

    With `aprobador`, whether they approved it already rides along (`ya_aprobada`). It may
    predate an approval committed while we waited for the lock; the unique key catches that.
    With `leer` (one approval), what it needs next rides along too: the approver's
    per-transaction limit for this origin and service (`tope_aprobador`) and the ledger
    accounts of an internal transfer (`cuenta_origen`, `cuenta_destino`).

    Plain SQL written once (`_sql_bloqueo`): compiling the equivalent queryset, with its
    joins and subqueries, cost more than the rest of an approval's Python. The company
    is the approver's own when it is (anyone else is refused before it is used).
    """
    pk = op.pk if isinstance(op, Operacion) else op
    empresa_del_actor = (aprobador is not None and Usuario.empresa.is_cached(aprobador))
    sql = _sql_bloqueo(connection.alias, con_aprobador=aprobador is not None, leer=leer,
                       con_empresa=not empresa_del_actor)
    params = [] if aprobador is None else [aprobador.pk] * (2 if leer else 1)
    with filas.cursor(connection) as cursor:
        cursor.execute(sql, [*params, pk])
        fila = cursor.fetchone()
    if fila is None:
        raise Operacion.DoesNotExist(f"Operacion {pk}")
    return _de_fila(fila, aprobador=aprobador, leer=leer, empresa_del_actor=empresa_del_actor)


_LECTORES = {"operacion": Lector(Operacion, "o"), "origen": Lector(Producto, "po"), "destino": Lector(Producto, "pd"),
             "captor": Lector(Usuario, "u"), "empresa": Lector(Empresa, "e")}


@functools.cache
def _sql_bloqueo(alias: str, *, con_aprobador: bool, leer: bool, con_empresa: bool) -> str:
    """The lock statement (`_bloquear`); params: the approver's id (once, twice with `leer`), the operation's."""
    c = connections[alias]
    q = c.ops.quote_name
    tablas = {m: q(m._meta.db_table) for m in (Operacion, Producto, Usuario, Empresa, Aprobacion, Cuenta)}
    lectores = [_LECTORES[k] for k in ("operacion", "origen", "destino", "captor")]
    if con_empresa:
        lectores.append(_LECTORES["empresa"])
    columnas = [lector.columnas(q) for lector in lectores]
    if con_aprobador:
        columnas.append(f"EXISTS(SELECT 1 FROM {tablas[Aprobacion]} ap"  # noqa: S608 (fixed names)
                        " WHERE ap.operacion_id = o.id AND ap.aprobador_id = %s)")
    if con_aprobador and leer:
        columnas.append(sql_tope_aprobador(q, "o.origen_id", "o.servicio_id"))
        columnas += [f"(SELECT id FROM {tablas[Cuenta]} WHERE producto_id = o.{lado}_id)"  # noqa: S608 (fixed names)
                     for lado in ("origen", "destino")]
    sql = (f"SELECT {', '.join(columnas)} FROM {tablas[Operacion]} o"  # noqa: S608 (fixed names)
           f" JOIN {tablas[Producto]} po ON po.id = o.origen_id LEFT JOIN {tablas[Producto]} pd ON pd.id = o.destino_id"
           f" JOIN {tablas[Usuario]} u ON u.id = o.captor_id")
    if con_empresa:
        sql += f" JOIN {tablas[Empresa]} e ON e.id = o.empresa_id"
    sql += " WHERE o.id = %s"
    if c.features.has_select_for_update_of:
        sql += " FOR UPDATE OF o"
    return sql


def _de_fila(fila, *, aprobador: Usuario | None, leer: bool, empresa_del_actor: bool) -> Operacion:
    i = 0
    instancias = {}
    for nombre in ("operacion", "origen", "destino", "captor", "empresa"):
        if nombre == "empresa" and empresa_del_actor:
            continue
        lector = _LECTORES[nombre]
        instancias[nombre] = lector.leer(fila, i, connection)
        i += lector.ancho
    op = instancias.pop("operacion")
    if empresa_del_actor:
        # Only used once the approver is known to be of the operation's company.
        if aprobador.empresa_id == op.empresa_id:
            instancias["empresa"] = aprobador.empresa
    for nombre, instancia in instancias.items():
        op._state.fields_cache[nombre] = instancia
    if aprobador is not None:
        op.ya_aprobada = bool(fila[i])
        if leer:
            tope = fila[i + 1]
            op.tope_aprobador = None if tope is None else convertir(TopeUsuario._meta.get_field("transaccion"), tope,
                                                                    connection)
            op.cuenta_origen, op.cuenta_destino = fila[i + 2], fila[i + 3]
    return op


def _consulta_bloqueo(aprobador: Usuario):
    """Several operations under their row locks (a bulk approval), with what `_bloquear` reads along."""
    # Few joins: with the seven tables an execution touches, planning alone cost more than the
    # whole lock (the rest loads when, and only if, it is used). Scalar subqueries instead.
    return (Operacion.objects.select_for_update(of=("self",)).select_related("origen", "destino", "captor", "empresa")
            .annotate(ya_aprobada=Exists(Aprobacion.objects.filter(operacion=OuterRef("pk"), aprobador=aprobador))))


def _abierta(op: Operacion) -> None:
    if op.estado != E.POR_APROBAR:
        raise AccionRechazada(_("La operación %(n)s ya no está por aprobar: está %(e)s.")
                              % {"n": op.numero, "e": E(op.estado).label})


# ---------------------------------------------------------------------------- approvals

def do_aprobar_operacion(op: Operacion | int, *, actor: Usuario, request: HttpRequest | None = None,
                         topes: dict | None = None) -> Operacion:
    """One approval (confirmed with the approver's token by the view). The last one executes it.

    `topes` (reglas.topes_de_aprobador) lets a bulk approval read the approver's limits once.
    """
    try:
        return _aprobar(op, actor=actor, request=request, topes=topes)
    except IntegrityError:
        # Only the one-approval-per-approver key can refuse here: the same person approving
        # from two tabs at once, the second one seen only by the database.
        raise AccionRechazada(_("Usted ya aprobó esta operación.")) from None


@transaction.atomic
def do_aprobar_operaciones(pks: list[int], *, actor: Usuario,
                           request: HttpRequest | None = None) -> tuple[list[Operacion], list[tuple[int, str]]]:
    """Bulk approval (one token code, checked by the view): (approved, [(id, refusal)]).

    One transaction, one commit for the batch; a refusal undoes only its own operation.
    Every selected row is locked first, in id order, before any ledger account; a single
    approval and the beat take an operation then its accounts too, so two batches over
    shared operations and accounts queue instead of deadlocking.

    What every operation needs is read once (the operations with their products, captor
    and company; the approver's limits; each pair's ledger accounts) and what they write
    goes in one insert per table at the end (approvals, audit rows, notifications, the
    operations' new state): per operation only its ledger transfer is a round trip. A
    refusal is raised before anything of its own is written (the checks, or the ledger's
    answer on PostgreSQL, which writes nothing when it refuses), so its deferred rows are
    simply dropped; a payment file (its executor) or the Python ledger (SQLite) write as
    they go, and keep a savepoint each.
    """
    pks = sorted(set(pks))
    bloqueadas = {op.pk: op for op in _consulta_bloqueo(actor).filter(pk__in=pks).order_by("pk")}
    topes = topes_de_aprobador(actor)
    diferido, cuentas = Diferido(), {}
    hechas, rechazos, campos = [], [], set()
    en_postgresql = connection.vendor == "postgresql"
    for pk in pks:
        op = bloqueadas.get(pk)
        if op is None:
            raise Operacion.DoesNotExist(f"Operacion {pk}")
        marca = (len(diferido.eventos), len(diferido.avisos))
        punto = None if en_postgresql and ejecutor_de(op.tipo) is None else transaction.savepoint()
        try:
            campos.update(_aprobar_bloqueada(op, actor=actor, request=request, topes=topes, diferido=diferido,
                                             cuentas=cuentas))
        except AccionRechazada as exc:
            if punto is not None:
                transaction.savepoint_rollback(punto)
            del diferido.eventos[marca[0]:], diferido.avisos[marca[1]:]
            rechazos.append((pk, exc.mensaje))
        else:
            if punto is not None:
                transaction.savepoint_commit(punto)
            hechas.append(op)
    with filas.juntas(connection):  # nothing below is read back: one statement for all
        if hechas:
            insertar([Aprobacion(operacion=op, aprobador=actor) for op in hechas], ids=False)
            # Fields an operation did not change hold what was read under its lock: rewriting them is a no-op.
            actualizar(hechas, sorted(campos))
        diferido.volcar()
    return hechas, rechazos


@transaction.atomic
def _aprobar(op: Operacion | int, *, actor: Usuario, request: HttpRequest | None, topes: dict | None) -> Operacion:
    op = _bloquear(op, aprobador=actor, leer=topes is None)
    if topes is None:  # read with the lock (reglas.topes_de_aprobador, for this origin and service)
        topes = {} if op.tope_aprobador is None else {(op.origen_id, op.servicio_id): op.tope_aprobador}
    diferido = Diferido()
    _verificar_aprobacion(op, actor=actor, topes=topes)
    campos = _aprobar_bloqueada(op, actor=actor, request=request, topes=topes, diferido=diferido, verificada=True)
    # One statement: the approval row, the operation's new state (as
    # op.save(update_fields=campos) would write it, as the bulk approval does), the audit rows
    # and the notification. A duplicate approval (two tabs: seen only by the unique key) still
    # fails here, as an IntegrityError that rolls back the whole transaction, ledger transfer
    # included (it is written in this transaction).
    with filas.juntas(connection):
        insertar([Aprobacion(operacion=op, aprobador=actor)], ids=False)
        actualizar([op], campos)
        diferido.volcar()
    return op


def _verificar_aprobacion(op: Operacion, *, actor: Usuario, topes: dict | None) -> None:
    _abierta(op)
    verificar_aprobador(op, actor, topes)
    if op.ya_aprobada:
        raise AccionRechazada(_("Usted ya aprobó la operación %(n)s.") % {"n": op.numero})
    if op.vence <= timezone.now():
        raise AccionRechazada(_("La operación %(n)s venció sin completar sus aprobaciones.") % {"n": op.numero})


def _aprobar_bloqueada(op: Operacion, *, actor: Usuario, request: HttpRequest | None, topes: dict | None,
                       diferido: Diferido, cuentas: dict | None = None, verificada: bool = False) -> list[str]:
    """One approval of a locked operation (the last one executes it); returns the fields to save.
    The caller writes the Aprobacion row, saves the operation and flushes `diferido`."""
    if not verificada:
        _verificar_aprobacion(op, actor=actor, topes=topes)
    antes = foto(op, CAMPOS_AUDITADOS)
    op.aprobaciones_recibidas += 1
    campos = ["aprobaciones_recibidas"]
    diferido.registrar(Eventos.OPERACION_APROBADA, actor=actor, empresa=op.empresa,
                       objetivo_descripcion=f"Operación {op.numero}",
                       detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS)}, request=request)
    if op.aprobaciones_recibidas >= op.aprobaciones_requeridas:
        _completar(op, actor=actor, request=request, diferido=diferido, cuentas=cuentas)
        campos += ["estado", "motivo", "finalizada", "finalizada_por", "reserva"]
    return campos


@transaction.atomic
def do_rechazar_operacion(op: Operacion | int, motivo: str, *, actor: Usuario,
                          request: HttpRequest | None = None) -> Operacion:
    op = _bloquear(op)
    _abierta(op)
    verificar_aprobador(op, actor)
    motivo = motivo.strip()
    if not motivo:
        raise AccionRechazada(_("Indique el motivo del rechazo."), campo="motivo")
    return _terminar(op, E.RECHAZADA, motivo[:200], Eventos.OPERACION_RECHAZADA, actor=actor, request=request)


@transaction.atomic
def do_cancelar_operacion(op: Operacion | int, *, actor: Usuario, request: HttpRequest | None = None) -> Operacion:
    """The captor withdraws it before the last approval."""
    op = _bloquear(op)
    if op.captor_id != actor.pk:
        raise AccionRechazada(_("Solo quien capturó la operación puede cancelarla."))
    _abierta(op)
    return _terminar(op, E.CANCELADA, "", Eventos.OPERACION_CANCELADA, actor=actor, request=request)


@transaction.atomic
def do_vencer_operacion(op: Operacion | int, *, actor: Usuario | None = None,
                        request: HttpRequest | None = None) -> Operacion | None:
    """Celery beat: not approved within the company's days or by its date. None if not due."""
    op = _bloquear(op)
    if op.estado != E.POR_APROBAR or op.vence > timezone.now():
        return None
    return _terminar(op, E.VENCIDA, _("No se completaron las aprobaciones a tiempo."), Eventos.OPERACION_VENCIDA,
                     actor=actor, request=request)


@transaction.atomic
def do_ejecutar_programada(op: Operacion | int, *, actor: Usuario | None = None,
                           request: HttpRequest | None = None) -> Operacion | None:
    """Celery beat, at the start of its day: an Aprobada whose day came. None if not due (or done)."""
    op = _bloquear(op)
    if op.estado != E.APROBADA or op.fecha_programada > hoy():
        return None
    _ejecutar(op, actor=actor, request=request)
    op.save(update_fields=["estado", "motivo", "finalizada", "finalizada_por", "reserva"])
    return op


@transaction.atomic
def do_finalizar_ejecucion(op: Operacion | int, *, no_ejecutado: Decimal, motivo: str = "",
                           actor: Usuario | None = None) -> Operacion | None:
    """The executor of a payment file finished every row: Ejecutada, Ejecutada parcialmente
    (`no_ejecutado` > 0: the failed rows' amount goes back to the captor's topes) or Fallida
    (nothing paid: the whole reservation goes back). None if it was not En ejecución (a retry)."""
    op = _bloquear(op)
    if op.estado != E.EN_EJECUCION:
        return None
    if no_ejecutado <= 0:
        antes = foto(op, CAMPOS_AUDITADOS)
        op.estado, op.finalizada, op.finalizada_por = E.EJECUTADA, timezone.now(), actor
        op.save(update_fields=["estado", "finalizada", "finalizada_por"])
        registrar(Eventos.OPERACION_EJECUTADA, actor=actor, empresa=op.empresa,
                  objetivo_descripcion=f"Operación {op.numero}",
                  detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS)})
        _avisar_captor(op)
        return op
    if no_ejecutado >= op.monto:
        return _terminar(op, E.FALLIDA, motivo[:200], Eventos.OPERACION_FALLIDA, actor=actor, request=None)
    if op.reserva_id is not None:
        do_liberar_reserva(op.reserva_id, actor=actor, motivo=f"operacion:{op.pk}:{E.PARCIAL}", monto=no_ejecutado)
    antes = foto(op, CAMPOS_AUDITADOS)
    op.estado, op.motivo = E.PARCIAL, motivo[:200]
    op.finalizada, op.finalizada_por = timezone.now(), actor
    op.save(update_fields=["estado", "motivo", "finalizada", "finalizada_por"])
    registrar(Eventos.OPERACION_PARCIAL, actor=actor, empresa=op.empresa, objetivo_descripcion=f"Operación {op.numero}",
              detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS)})
    _avisar_captor(op)
    return op


def _terminar(op: Operacion, estado: str, motivo: str, evento: str, *, actor: Usuario | None,
              request: HttpRequest | None, avisar: bool = True) -> Operacion:
    antes = foto(op, CAMPOS_AUDITADOS)
    op.estado, op.motivo = estado, motivo
    op.finalizada, op.finalizada_por = timezone.now(), actor
    _liberar(op, actor=actor, request=request)
    op.save(update_fields=["estado", "motivo", "finalizada", "finalizada_por", "reserva"])
    registrar(evento, actor=actor, empresa=op.empresa, objetivo_descripcion=f"Operación {op.numero}",
              detalles={"antes": antes, "despues": foto(op, CAMPOS_AUDITADOS)}, request=request)
    if avisar:
        _avisar_captor(op)
    return op


# ---------------------------------------------------------------------------- notifications

def _contexto(op: Operacion) -> dict:
    # Labels stay lazy: bandeja keeps them in the source language and translates them for the reader.
    return {"numero": op.numero, "tipo": T(op.tipo).label, "monto": formato_cop(op.monto),
            "origen": str(op.origen), "destino": op.destino_texto, "estado": E(op.estado).label,
            "motivo": op.motivo, "fecha": op.fecha_programada.strftime("%Y/%m/%d"), "operacion_id": op.pk}


EVENTO_DE_ESTADO = {
    E.EJECUTADA: catalogo.EJECUTADA, E.RECHAZADA: catalogo.RECHAZADA, E.VENCIDA: catalogo.VENCIDA,
    E.FALLIDA: catalogo.FALLIDA, E.CANCELADA: catalogo.CANCELADA, E.PARCIAL: catalogo.PARCIAL,
}


def _avisar_aprobadores(op: Operacion, aprobadores: list[Usuario]) -> None:
    """Each approver it awaits (reglas.aprobadores_de): a notification (and an email, per their
    Inscripción de Alertas)."""
    notificar_a(aprobadores, catalogo.POR_APROBAR, datos={**_contexto(op), "captor": op.captor.nombre_completo},
                enlace=reverse("transacciones:operacion", args=[op.pk]), monto=op.monto, ids=False)


def _avisar_captor(op: Operacion, diferido: Diferido | None = None) -> None:
    evento = EVENTO_DE_ESTADO.get(op.estado)
    if evento is not None:
        avisar = diferido.notificar if diferido is not None else notificar
        avisar(op.captor, evento, datos=_contexto(op), enlace=reverse("transacciones:operacion", args=[op.pk]),
               monto=op.monto)
