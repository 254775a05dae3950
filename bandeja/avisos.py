"""The one entry point for telling a user something happened.

`notificar` is called by the actions that already exist (inside their transaction):
it writes the Notificacion and, when the administrator allows this user alerts
("Permitir Recibir Alertas") and the user chose the event's group in Inscripción
de Alertas (and the amount reaches their monto mínimo), queues an email through
the outbox, in the user's language.

`aviso_de_seguridad` is for security notices (ASVS 5.0 V6.3.7): it always emails,
whatever the preferences, with the time, the IP and what to do if it was not them,
and also writes the notification.

`registrar_ingreso` is called by the portal's successful login: a login from an IP
not seen for this user in 90 days is a security notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise

from bandeja import catalogo
from bandeja.models import IpConocida, Notificacion, PreferenciaAlertas
from comun.correo import encolar_correo, encolar_correos, preparador
from comun.filas import insertar, insertar_uno
from comun.models import CorreoSaliente
from comun.net import client_ip

DIAS_IP_CONOCIDA = 90


def _fuente(datos: dict[str, Any] | None) -> dict[str, Any]:
    """JSON-safe values; lazy labels are kept in their Spanish source form (translated when read)."""
    limpios: dict[str, Any] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for clave, valor in (datos or {}).items():
            if isinstance(valor, Promise):
                valor = str(valor)
            elif isinstance(valor, Decimal):
                valor = str(valor)
            elif isinstance(valor, dt.datetime | dt.date):
                valor = valor.isoformat()
            elif valor is not None and not isinstance(valor, str | int | float | bool):
                valor = str(valor)
            limpios[clave] = valor
    return limpios


def _base(usuario) -> dict[str, Any]:
    return {"usuario": getattr(usuario, "username", ""), "nombre": getattr(usuario, "nombre_completo", "")}


def _preferencia(usuario) -> PreferenciaAlertas | None:
    return PreferenciaAlertas.objects.filter(usuario_id=usuario.pk).first()


def _idioma(preferencia: PreferenciaAlertas | None) -> str:
    return (preferencia.idioma if preferencia and preferencia.idioma else "") or settings.LANGUAGE_CODE


def ip_de(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else ""


def quiere_correo(evento: catalogo.Evento, usuario, preferencia: PreferenciaAlertas | None,
                  monto: Decimal | None) -> bool:
    """The alert rule: the administrator's switch, the user's group, the amount threshold."""
    if not (evento.plantilla and evento.grupo and getattr(usuario, "email", "")):
        return False
    if not getattr(usuario, "permitir_alertas", False):
        return False
    grupos = preferencia.grupos if preferencia is not None else catalogo.GRUPOS_POR_DEFECTO
    if evento.grupo not in grupos:
        return False
    if evento.con_monto and monto is not None and preferencia is not None:
        return Decimal(monto) >= preferencia.monto_minimo
    return True


def notificar(usuario, evento: str, *, datos: dict[str, Any] | None = None, enlace: str = "",
              monto: Decimal | None = None) -> Notificacion:
    """A notification for `usuario`, and its email when their alerts say so. Call it inside
    the action's transaction: both are rolled back with it, and the email leaves on commit."""
    definicion = catalogo.EVENTOS[evento]
    if definicion.seguridad:
        return aviso_de_seguridad(usuario, evento, datos=datos, enlace=enlace)
    datos = {**_base(usuario), **_fuente(datos)}
    notificacion = insertar_uno(Notificacion(usuario_id=usuario.pk, evento=evento, datos=datos, enlace=enlace[:200]))
    preferencia = _preferencia(usuario) if definicion.plantilla and getattr(usuario, "permitir_alertas", False) else None
    if quiere_correo(definicion, usuario, preferencia, monto):
        encolar_correo(definicion.plantilla, para=usuario.email, usuario=usuario, idioma=_idioma(preferencia),
                       contexto={**datos, "evento": evento})
    return notificacion


def notificar_a(usuarios, evento: str, *, datos: dict[str, Any] | None = None, enlace: str = "",
                monto: Decimal | None = None, ids: bool = True) -> list[Notificacion]:
    """`notificar` for several users (the approvers of an operation): one insert for the
    notifications and one read of the preferences, whatever their number."""
    definicion = catalogo.EVENTOS[evento]
    usuarios = list(usuarios)
    if definicion.seguridad:
        return [aviso_de_seguridad(u, evento, datos=datos, enlace=enlace) for u in usuarios]
    fuente = _fuente(datos)
    notificaciones = insertar([
        Notificacion(usuario_id=u.pk, evento=evento, datos={**_base(u), **fuente}, enlace=enlace[:200])
        for u in usuarios], ids=ids)
    con_alertas = [u for u in usuarios if getattr(u, "permitir_alertas", False) and getattr(u, "email", "")]
    if definicion.plantilla and con_alertas:
        preferencias = {p.usuario_id: p for p in PreferenciaAlertas.objects.filter(
            usuario_id__in=[u.pk for u in con_alertas])}
        encolar_correos([
            {"plantilla": definicion.plantilla, "para": u.email, "usuario": u, "idioma": _idioma(preferencias.get(u.pk)),
             "contexto": {**_base(u), **fuente, "evento": evento}}
            for u in con_alertas if quiere_correo(definicion, u, preferencias.get(u.pk), monto)])
    return notificaciones


def notificar_varios(avisos: list[tuple[Any, str, dict[str, Any]]], *, ids: bool = True) -> list[Notificacion]:
    """`notificar` for several (user, event, {datos, enlace, monto}) at once (a bulk approval):
    one insert for the notifications and one read of the preferences, whatever their number.
    Security events are not batched (each is a notice of its own)."""
    normales = [(u, e, kw) for u, e, kw in avisos if not catalogo.EVENTOS[e].seguridad]
    hechas = [aviso_de_seguridad(u, e, datos=kw.get("datos"), enlace=kw.get("enlace", ""))
              for u, e, kw in avisos if catalogo.EVENTOS[e].seguridad]
    if not normales:
        return hechas
    filas = [(u, e, kw, {**_base(u), **_fuente(kw.get("datos"))}) for u, e, kw in normales]
    hechas += insertar([
        Notificacion(usuario_id=u.pk, evento=e, datos=datos, enlace=kw.get("enlace", "")[:200])
        for u, e, kw, datos in filas], ids=ids)
    con_alertas = {u.pk for u, e, _kw, _d in filas if catalogo.EVENTOS[e].plantilla
                   and getattr(u, "permitir_alertas", False) and getattr(u, "email", "")}
    if con_alertas:
        preferencias = {p.usuario_id: p for p in PreferenciaAlertas.objects.filter(usuario_id__in=con_alertas)}
        encolar_correos([
            {"plantilla": catalogo.EVENTOS[e].plantilla, "para": u.email, "usuario": u,
             "idioma": _idioma(preferencias.get(u.pk)), "contexto": {**datos, "evento": e}}
            for u, e, kw, datos in filas
            if u.pk in con_alertas and quiere_correo(catalogo.EVENTOS[e], u, preferencias.get(u.pk), kw.get("monto"))])
    return hechas


def aviso_de_seguridad(usuario, evento: str, *, ip: str = "", cuando: dt.datetime | None = None,
                       datos: dict[str, Any] | None = None, enlace: str = "") -> Notificacion:
    """Always emailed (not opt-out): what happened, when, from which IP, what to do if it was not them."""
    definicion = catalogo.EVENTOS[evento]
    cuando = cuando or timezone.now()
    datos = {**_base(usuario), **_fuente(datos), "ip": ip or "", "cuando": cuando.isoformat()}
    notificacion = insertar_uno(Notificacion(usuario_id=usuario.pk, evento=evento, datos=datos, enlace=enlace[:200]))
    if getattr(usuario, "email", ""):
        encolar_correo(definicion.plantilla or "aviso_seguridad", para=usuario.email, usuario=usuario,
                       idioma=_idioma(_preferencia(usuario)), contexto={**datos, "evento": evento, "seguridad": True})
    return notificacion


def registrar_ingreso(usuario, *, ip: str, idioma: str = "", primer_ingreso: bool = False,
                      ya_conocida=None) -> Notificacion | None:
    """After a successful login (inside its transaction): remember the language and the IP;
    an IP not seen for this user in 90 days is a security notice.

    The very first login is not: the user has no history yet, and their administrator
    has just given them the password. `ya_conocida(usuario, ip, desde)` may answer from
    older records (the audit trail) for logins made before this table existed.
    """
    ahora = timezone.now()
    desde = ahora - dt.timedelta(days=DIAS_IP_CONOCIDA)
    if idioma:
        preferencia, creada = PreferenciaAlertas.objects.get_or_create(
            usuario_id=usuario.pk, defaults={"grupos": list(catalogo.GRUPOS_POR_DEFECTO), "idioma": idioma})
        if not creada and preferencia.idioma != idioma:
            PreferenciaAlertas.objects.filter(pk=preferencia.pk).update(idioma=idioma)
    if not ip:
        return None
    conocida = IpConocida.objects.filter(usuario_id=usuario.pk, ip=ip).first()
    if conocida is not None:
        IpConocida.objects.filter(pk=conocida.pk).update(visto=ahora)
        if conocida.visto >= desde:
            return None
    else:
        IpConocida.objects.create(usuario_id=usuario.pk, ip=ip, visto=ahora)
    if primer_ingreso or (ya_conocida is not None and ya_conocida(usuario, ip, desde)):
        return None
    return aviso_de_seguridad(usuario, catalogo.INGRESO_NUEVA_IP, ip=ip, cuando=ahora)


def purgar(ahora: dt.datetime | None = None) -> tuple[int, int]:
    """Notifications older than 180 days and IPs not seen in 90 go (Celery beat)."""
    ahora = ahora or timezone.now()
    notificaciones, _ = Notificacion.objects.filter(
        creada__lt=ahora - dt.timedelta(days=settings.OCCIRED_NOTIFICACIONES_DIAS)).delete()
    ips, _ = IpConocida.objects.filter(visto__lt=ahora - dt.timedelta(days=DIAS_IP_CONOCIDA)).delete()
    return notificaciones, ips


# --- emails: the sentence, the time and the translated labels, made in the reader's language


def _preparar(correo: CorreoSaliente) -> dict[str, Any]:
    contexto = correo.contexto or {}
    codigo = contexto.get("evento")
    if not codigo:
        return {}
    with translation.override(correo.idioma):
        extra: dict[str, Any] = {
            "titulo": catalogo.titulo(codigo),
            "texto": catalogo.texto(codigo, contexto),
            **{k: v for k, v in catalogo.datos_traducidos(contexto).items() if k in catalogo.TRADUCIBLES},
        }
        if contexto.get("cuando"):
            cuando = timezone.localtime(dt.datetime.fromisoformat(contexto["cuando"]))
            extra["cuando_texto"] = cuando.strftime("%Y/%m/%d %H:%M")
    return extra


for _plantilla in ("aviso_seguridad", "alerta", "operacion_por_aprobar", "operacion_finalizada",
                   "token_activado", "token_inactivado"):
    preparador(_plantilla)(_preparar)
