"""Every write to caps, company amounts and user limits: atomic, locked, audited.

Lock order, the same everywhere to avoid deadlocks: bank caps (TopeBanco),
then company amounts (MontoEmpresa), then user limits (TopeUsuario). Saving a
user's limits locks the company amounts it is checked against, so a
concurrent lowering of a company amount either waits for it and then sees
its rows, or runs first and the save is checked against the new amount:
a user is never left above the company.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import Empresa, ProductoAsignado, Usuario
from auditoria.actions import foto, registrar
from comun.errores import AccionRechazada
from topes.eventos import Eventos
from topes.models import Consumo, MontoEmpresa, Servicio, TopeBanco, TopeUsuario
from topes.rules import CAMPOS, Montos, errores_montos, validar_montos
from topes.selectors import topes_que_exceden


class TopesInvalidosError(AccionRechazada):
    """Some cells break the rule: `celdas` maps (assignment id, service id) → field → messages."""

    def __init__(self, celdas: dict[tuple[int, int], dict[str, list[str]]]) -> None:
        self.celdas = celdas
        super().__init__(_("Revise los valores marcados."))


class TopesAfectadosError(AccionRechazada):
    """A lower company amount or bank cap would leave users above it, and no adjustment was asked."""

    def __init__(self, afectados: list[TopeUsuario], empresa_excede: bool = False) -> None:
        self.afectados = afectados
        self.empresa_excede = empresa_excede
        partes = []
        if empresa_excede:
            partes.append(_("El monto de la empresa supera el nuevo tope del banco."))
        if afectados:
            partes.append(
                _("Los siguientes usuarios tienen topes superiores al nuevo monto: %(usuarios)s.")
                % {"usuarios": ", ".join(self.usuarios())}
            )
        super().__init__(" ".join(partes), codigo="afectados")

    def usuarios(self) -> list[str]:
        return sorted({t.asignacion.usuario.username for t in self.afectados}, key=str.lower)

    def detalle(self) -> list[str]:
        """One line per affected limit: user · product · service · fields."""
        return [
            f"{t.asignacion.usuario.username} · {t.asignacion.producto} · {t.servicio}"
            for t in self.afectados
        ]


def _texto(montos: Montos) -> dict[str, str]:
    return {c: str(getattr(montos, c)) for c in CAMPOS}


def _celda(tope: TopeUsuario) -> str:
    return f"{tope.asignacion.producto.numero}/{tope.servicio.codigo}"


def _bajar_topes_usuarios(empresa: Empresa, techos: dict[int, Montos], *, ajustar: bool,
                          empresa_excede: bool, actor: Usuario, request: HttpRequest | None) -> list[TopeUsuario]:
    """Refuse, or lower to `techos`, the user limits above them. Runs inside the caller's transaction."""
    afectados = list(topes_que_exceden(empresa, techos).select_for_update(of=("self",)))
    if (afectados or empresa_excede) and not ajustar:
        raise TopesAfectadosError(afectados, empresa_excede)
    ahora = timezone.now()
    por_usuario: dict[int, tuple[Usuario, dict, dict]] = {}
    for tope in afectados:
        antes = Montos.de(tope)
        despues = antes.minimo(techos[tope.servicio_id])
        for campo in CAMPOS:
            setattr(tope, campo, getattr(despues, campo))
        tope.actualizado = ahora
        usuario = tope.asignacion.usuario
        _u, a, d = por_usuario.setdefault(usuario.pk, (usuario, {}, {}))
        a[_celda(tope)] = _texto(antes)
        d[_celda(tope)] = _texto(despues)
    if afectados:
        TopeUsuario.objects.bulk_update(afectados, [*CAMPOS, "actualizado"])
    for usuario, antes, despues in por_usuario.values():
        registrar(
            Eventos.TOPES_AJUSTADOS, actor=actor, empresa=empresa, objetivo=usuario,
            detalles={"antes": antes, "despues": despues, "motivo": "monto_empresa_reducido"}, request=request,
        )
    return afectados


@transaction.atomic
def do_guardar_topes_usuario(usuario: Usuario, valores: dict[tuple[int, int], Montos], *,
                             actor: Usuario, request: HttpRequest | None = None) -> int:
    """Save the Asignar Topes grid of one user in one transaction. Returns the number of changed rows.

    `valores` maps (assignment id, service id) → amounts. Every cell is checked
    against the rule and the company amount again here (the form already did,
    but the company amount may have changed since).
    """
    asignaciones = {
        a.pk: a for a in ProductoAsignado.objects.filter(usuario=usuario).select_related("producto")
    }
    servicios = {s.pk: s for s in Servicio.objects.filter(activo=True)}
    techos = {
        m.servicio_id: Montos.de(m)
        for m in MontoEmpresa.objects.select_for_update().filter(empresa_id=usuario.empresa_id).order_by("pk")
    }
    errores: dict[tuple[int, int], dict[str, list[str]]] = {}
    for clave, montos in valores.items():
        asignacion_id, servicio_id = clave
        if asignacion_id not in asignaciones or servicio_id not in servicios:
            raise AccionRechazada(_("El producto o el servicio ya no está disponible para este usuario."))
        celda = errores_montos(montos, techos.get(servicio_id, Montos()), _("el monto de la empresa"))
        if celda:
            errores[clave] = celda
    if errores:
        raise TopesInvalidosError(errores)

    existentes = {
        (t.asignacion_id, t.servicio_id): t
        for t in TopeUsuario.objects.select_for_update(of=("self",)).filter(asignacion__usuario=usuario)
    }
    ahora = timezone.now()
    nuevos, cambiados, antes, despues = [], [], {}, {}
    for (asignacion_id, servicio_id), montos in valores.items():
        tope = existentes.get((asignacion_id, servicio_id))
        previo = Montos.de(tope)
        if previo == montos:
            continue
        celda = f"{asignaciones[asignacion_id].producto.numero}/{servicios[servicio_id].codigo}"
        for campo in CAMPOS:
            if getattr(previo, campo) != getattr(montos, campo):
                antes[f"{celda}/{campo}"] = str(getattr(previo, campo))
                despues[f"{celda}/{campo}"] = str(getattr(montos, campo))
        if tope is None:
            nuevos.append(TopeUsuario(asignacion_id=asignacion_id, servicio_id=servicio_id, **montos.como_dict()))
        else:
            for campo in CAMPOS:
                setattr(tope, campo, getattr(montos, campo))
            tope.actualizado = ahora
            cambiados.append(tope)
    if nuevos:
        TopeUsuario.objects.bulk_create(nuevos)
    if cambiados:
        TopeUsuario.objects.bulk_update(cambiados, [*CAMPOS, "actualizado"])
    if antes:
        registrar(Eventos.TOPES_USUARIO, actor=actor, objetivo=usuario,
                  detalles={"antes": antes, "despues": despues}, request=request)
    return len(nuevos) + len(cambiados)


@transaction.atomic
def do_guardar_montos_empresa(empresa: Empresa, valores: dict[int, Montos], *, ajustar: bool = False,
                              actor: Usuario, request: HttpRequest | None = None) -> list[TopeUsuario]:
    """Configuración de Montos por Servicio. Returns the user limits that were lowered.

    Each amount must respect the rule and the bank's cap. Amounts below existing
    user limits raise TopesAfectadosError, unless `ajustar`: then those limits
    are lowered to the new amounts in this same transaction.
    """
    caps = {
        t.servicio_id: Montos.de(t)
        for t in TopeBanco.objects.select_for_update().filter(empresa=empresa).order_by("pk")
    }
    actuales = {
        m.servicio_id: m for m in MontoEmpresa.objects.select_for_update().filter(empresa=empresa).order_by("pk")
    }
    servicios = {s.pk: s for s in Servicio.objects.filter(pk__in=valores)}
    errores = {}
    for servicio_id, montos in valores.items():
        celda = errores_montos(montos, caps.get(servicio_id, Montos()), _("el tope del banco"))
        if celda:
            errores[servicio_id] = celda
    if errores:
        raise TopesInvalidosError({(0, s): e for s, e in errores.items()})

    cambios = {s: m for s, m in valores.items() if Montos.de(actuales.get(s)) != m}
    bajados = [s for s, m in cambios.items() if Montos.de(actuales.get(s)).excede(m)]
    ajustados = _bajar_topes_usuarios(
        empresa, {s: cambios[s] for s in bajados}, ajustar=ajustar, empresa_excede=False, actor=actor,
        request=request,
    )
    antes, despues = {}, {}
    for servicio_id, montos in cambios.items():
        codigo = servicios[servicio_id].codigo
        fila = actuales.get(servicio_id)
        antes[codigo] = _texto(Montos.de(fila))
        despues[codigo] = _texto(montos)
        if fila is None:
            MontoEmpresa.objects.create(empresa=empresa, servicio_id=servicio_id, **montos.como_dict())
        else:
            for campo in CAMPOS:
                setattr(fila, campo, getattr(montos, campo))
            fila.save(update_fields=[*CAMPOS, "actualizado"])
    if cambios:
        registrar(Eventos.MONTOS_EMPRESA, actor=actor, empresa=empresa,
                  objetivo_descripcion=empresa.razon_social,
                  detalles={"antes": antes, "despues": despues, "topes_ajustados": len(ajustados)},
                  request=request)
    return ajustados


@transaction.atomic
def do_guardar_tope_banco(empresa: Empresa, servicio: Servicio, montos: Montos, *, ajustar: bool = False,
                          actor: Usuario, request: HttpRequest | None = None) -> list[TopeUsuario]:
    """Bank staff set the cap of one company and service (/banco/).

    A cap below the company amount or below user limits is refused
    (TopesAfectadosError), unless `ajustar`: then the company amount and the
    user limits are lowered to it in this same transaction.
    """
    validar_montos(montos)
    tope = TopeBanco.objects.select_for_update().filter(empresa=empresa, servicio=servicio).first()
    monto = MontoEmpresa.objects.select_for_update().filter(empresa=empresa, servicio=servicio).first()
    previo = Montos.de(tope)
    if tope is not None and previo == montos:
        return []
    empresa_actual = Montos.de(monto)
    nuevo_empresa = empresa_actual.minimo(montos)
    empresa_excede = nuevo_empresa != empresa_actual
    ajustados = _bajar_topes_usuarios(
        empresa, {servicio.pk: nuevo_empresa}, ajustar=ajustar, empresa_excede=empresa_excede, actor=actor,
        request=request,
    )
    if tope is None:
        tope = TopeBanco.objects.create(empresa=empresa, servicio=servicio, **montos.como_dict())
    else:
        for campo in CAMPOS:
            setattr(tope, campo, getattr(montos, campo))
        tope.save(update_fields=[*CAMPOS, "actualizado"])
    detalles: dict = {"servicio": servicio.codigo, "antes": _texto(previo), "despues": _texto(montos)}
    if empresa_excede and monto is not None:
        for campo in CAMPOS:
            setattr(monto, campo, getattr(nuevo_empresa, campo))
        monto.save(update_fields=[*CAMPOS, "actualizado"])
        detalles["monto_empresa"] = {"antes": _texto(empresa_actual), "despues": _texto(nuevo_empresa)}
    detalles["topes_ajustados"] = len(ajustados)
    registrar(Eventos.TOPE_BANCO, actor=actor, empresa=empresa, objetivo_descripcion=empresa.razon_social,
              detalles=detalles, request=request)
    return ajustados


CAMPOS_SERVICIO = ("codigo", "nombre", "grupo", "tipo", "activo", "orden")


@transaction.atomic
def do_guardar_servicio(servicio: Servicio, datos: dict, *, actor: Usuario,
                        request: HttpRequest | None = None) -> Servicio:
    """The bank's service catalogue (/banco/): a new service, or a change to one (its code is fixed)."""
    nuevo = servicio.pk is None
    if nuevo:
        servicio = Servicio(**{c: datos[c] for c in CAMPOS_SERVICIO if c in datos})
        antes: dict = {}
        cambiados = list(CAMPOS_SERVICIO)
    else:
        servicio = Servicio.objects.select_for_update().get(pk=servicio.pk)
        antes = foto(servicio, CAMPOS_SERVICIO)
        cambiados = [c for c in CAMPOS_SERVICIO if c != "codigo" and c in datos and getattr(servicio, c) != datos[c]]
        for c in cambiados:
            setattr(servicio, c, datos[c])
    if not cambiados:
        return servicio
    servicio.full_clean()
    servicio.save(**({} if nuevo else {"update_fields": cambiados}))
    despues = foto(servicio, CAMPOS_SERVICIO)
    registrar(Eventos.SERVICIO, actor=actor, objetivo_descripcion=servicio.nombre[:120],
              detalles={"antes": {c: antes[c] for c in cambiados if c in antes},
                        "despues": {c: despues[c] for c in cambiados}}, request=request)
    return servicio


@transaction.atomic
def do_liberar_reserva(consumo_id: int, *, actor: Usuario | None, motivo: str,
                       request: HttpRequest | None = None, monto: Decimal | None = None) -> Consumo | None:
    """Give back the amount `check_operation` reserved for an operation that will not execute.

    The reservation row goes away, so today's and this month's accumulated
    amounts (and the next `check_operation`) no longer count it. Idempotent: a
    reservation already released returns None. Deleting only lowers the sums,
    so it needs no lock on the user's limit row (a concurrent check can only
    see more consumption than there is, never less).
    """
    consumo = (Consumo.objects.select_for_update().select_related("usuario", "producto", "servicio")
               .filter(pk=consumo_id).first())
    if consumo is None:
        return None
    antes = {"monto": str(consumo.monto), "fecha": consumo.fecha.isoformat(), "referencia": consumo.referencia,
             "producto": str(consumo.producto), "servicio": consumo.servicio.codigo}
    despues: dict = {}
    if monto is not None and Decimal(0) < monto < consumo.monto:
        # Part of it (the failed rows of a payment file): the rest stays consumed.
        consumo.monto -= monto
        consumo.save(update_fields=["monto"])
        despues = {**antes, "monto": str(consumo.monto)}
    elif monto is not None and monto <= 0:
        return None
    else:
        consumo.delete()
    registrar(Eventos.RESERVA_LIBERADA, actor=actor, empresa=consumo.usuario.empresa, objetivo=consumo.usuario,
              detalles={"antes": antes, "despues": despues, "motivo": motivo}, request=request)
    return consumo
