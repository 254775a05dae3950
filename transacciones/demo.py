"""Demo maker-checker team of Comercializadora Andina for `cargar_demo` (`make run`).

An Operador (oprojas), two Supervisors (suplopez, supdiaz; the company's operations
need 2 approvals) and an Ambos (ambgomez), each with a password, a virtual token
with a fixed public secret (README), products, topes and profile options; two
registered accounts; and operations in several states, made through the same
actions as the screens. Idempotent: users are updated in place, the operations
have fixed idempotency keys, so a second `make run` adds nothing.
"""

from __future__ import annotations

import base64
import uuid
from decimal import Decimal

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Empresa, Perfil, Producto, ProductoAsignado, Usuario
from tokens.models import TokenVirtual
from topes.actions import do_guardar_topes_usuario
from topes.models import Servicio, TopeUsuario
from topes.rules import Montos
from transacciones.actions.beneficiarios import do_activar_beneficiario
from transacciones.actions.operaciones import (
    do_aprobar_operacion,
    do_capturar_operacion,
    do_rechazar_operacion,
)
from transacciones.models import Beneficiario, Operacion

M = Decimal(1_000_000)
CAPTURA = ["consulta_saldos", "consulta_movimientos", "extractos", "historico_transacciones", "transferencias",
           "pagos_terceros", "pagos_impuestos", "inscripcion_cuentas"]
APRUEBA = ["consulta_saldos", "consulta_movimientos", "historico_transacciones", "inscripcion_cuentas",
           "aprobaciones"]
PERFILES = {  # name → (type, options, approvals)
    "Operadores Tesorería": (Perfil.Tipo.OPERADOR, CAPTURA, 2),
    "Supervisores Tesorería": (Perfil.Tipo.SUPERVISOR, APRUEBA, 2),
    "Tesorería Ambos": (Perfil.Tipo.AMBOS, sorted(set(CAPTURA + APRUEBA)), 2),
}
# username → (names, surname, second surname, profile, password, token serial, token secret)
# The secrets are public on purpose (README's demo logins): never in a production database.
EQUIPO = {
    "oprojas": ("Oscar", "Rojas", "Pardo", "Operadores Tesorería", "Rojasx2024", "FEF4900031",
                "OCCIREDDEMOOPROJAS234567ABCDEFGH"),
    "suplopez": ("Sandra", "López", "Umaña", "Supervisores Tesorería", "Lopezs2024", "FEF4900032",
                 "OCCIREDDEMOSUPLOPEZ234567ABCDEFG"),
    "supdiaz": ("Sergio", "Díaz", "Pineda", "Supervisores Tesorería", "Diazsu2024", "FEF4900033",
                "OCCIREDDEMOSUPDIAZ234567ABCDEFGH"),
    "ambgomez": ("Ana", "Gómez", "Bernal", "Tesorería Ambos", "Gomezz2024", "FEF4900034",
                 "OCCIREDDEMOAMBGOMEZ234567ABCDEFG"),
}
PRODUCTOS = ["CAHOAndres", "CAHOFelipe", "CCTEAndina"]
TOPES = {  # user type → service → amounts (within the company's amounts of topes.demo)
    "captura": {"transferencias": Montos(5 * M, 20 * M, 200 * M), "pagos-terceros": Montos(5 * M, 20 * M, 200 * M),
                "pagos-impuestos": Montos(10 * M, 30 * M, 300 * M)},
    "aprueba": {"transferencias": Montos(20 * M, 80 * M, 800 * M), "pagos-terceros": Montos(20 * M, 100 * M, 1000 * M),
                "pagos-impuestos": Montos(50 * M, 150 * M, 1500 * M)},
}


def _clave(nombre: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"occired-demo:{nombre}")


def _perfiles(empresa: Empresa) -> dict[str, Perfil]:
    perfiles = {}
    for nombre, (tipo, opciones, aprobaciones) in PERFILES.items():
        perfiles[nombre], _c = Perfil.objects.update_or_create(
            empresa=empresa, nombre=nombre, defaults={"tipo": tipo, "opciones": opciones, "aprobaciones": aprobaciones})
    return perfiles


def _usuario(empresa: Empresa, username: str, perfil: Perfil, datos: tuple) -> Usuario:
    nombres, apellido1, apellido2, _p, clave, serial, secreto = datos
    usuario, _c = Usuario.objects.update_or_create(username=username, defaults={
        "empresa": empresa, "perfil": perfil, "nombres": nombres, "primer_apellido": apellido1,
        "segundo_apellido": apellido2, "estado": Usuario.Estado.ACTIVO, "imagen_seguridad": "montana",
        "email": f"{username}@andina.example", "celular": "3201234567", "tipo_identificacion": "CC",
        "numero_identificacion": f"7910{sum(map(ord, username)):04d}", "intentos_fallidos": 0,
        "permitir_alertas": True})
    if not usuario.check_password(clave):
        usuario.set_password(clave)
        usuario.save(update_fields=["password"])
    device, _c = TOTPDevice.objects.update_or_create(
        user=usuario, name=f"Token {serial}", defaults={"key": base64.b32decode(secreto).hex(), "confirmed": True})
    TokenVirtual.objects.update_or_create(serial=serial, defaults={
        "empresa": empresa, "usuario": usuario, "estado": TokenVirtual.Estado.ACTIVO, "dispositivo": device})
    return usuario


def _topes(usuario: Usuario, clase: str, administrador: Usuario) -> None:
    servicios = {s.codigo: s for s in Servicio.objects.filter(codigo__in=TOPES[clase])}
    valores = {}
    for producto in Producto.objects.filter(empresa=usuario.empresa, nombre__in=PRODUCTOS):
        asignacion, _c = ProductoAsignado.objects.get_or_create(usuario=usuario, producto=producto)
        for codigo, montos in TOPES[clase].items():
            valores[(asignacion.pk, servicios[codigo].pk)] = montos
    if TopeUsuario.objects.filter(asignacion__usuario=usuario).count() < len(valores):
        do_guardar_topes_usuario(usuario, valores, actor=administrador)


def _beneficiarios(empresa: Empresa, inscribe: Usuario, activa: Usuario) -> Beneficiario:
    prov, _c = Beneficiario.objects.get_or_create(
        empresa=empresa, banco="bancolombia", tipo_cuenta="CAHO", numero_cuenta="20834567812", defaults={
            "titular": "Proveedora del Cauca S.A.S.", "tipo_identificacion": "NIT",
            "numero_identificacion": "900123456-8", "alias": "ProvCauca", "inscrito_por": inscribe})
    if prov.estado == Beneficiario.Estado.PENDIENTE:
        prov = do_activar_beneficiario(prov, actor=activa)
    Beneficiario.objects.get_or_create(
        empresa=empresa, banco="davivienda", tipo_cuenta="CCTE", numero_cuenta="45670001234", defaults={
            "titular": "Transportes La Sabana Ltda.", "tipo_identificacion": "NIT",
            "numero_identificacion": "800197268-4", "alias": "TransSabana", "inscrito_por": inscribe})
    return prov


def _operaciones(empresa: Empresa, op: Usuario, s1: Usuario, s2: Usuario, ambos: Usuario, prov: Beneficiario) -> None:
    productos = {p.nombre: p for p in Producto.objects.filter(empresa=empresa, nombre__in=PRODUCTOS)}
    hoy = timezone.localdate()
    # Executed: a DIAN payment, approved by both supervisors.
    dian, nueva = do_capturar_operacion(
        tipo=Operacion.Tipo.IMPUESTOS, origen=productos["CCTEAndina"], monto=Decimal("3850000"), fecha=hoy,
        formulario="490", numero_formulario="4910008765432", referencia="DIAN-IVA", clave=_clave("dian"), actor=op)
    if nueva:
        do_aprobar_operacion(dian, actor=s1)
        do_aprobar_operacion(dian, actor=s2)
    # Rejected, with a reason.
    rechazada, nueva = do_capturar_operacion(
        tipo=Operacion.Tipo.TERCEROS, origen=productos["CAHOAndres"], beneficiario=prov, monto=Decimal("780000"),
        fecha=hoy, referencia="FAC-0931", clave=_clave("rechazada"), actor=op)
    if nueva:
        do_rechazar_operacion(rechazada, "El valor no coincide con la factura FAC-0931.", actor=s2)
    # Waiting: one approval of two, by the Ambos; a supervisor sees "Usted tiene 1 Autorización(es)".
    # One per day of `make run` (an operation of today expires tonight).
    pendiente, nueva = do_capturar_operacion(
        tipo=Operacion.Tipo.OTROS_BANCOS, origen=productos["CAHOAndres"], beneficiario=prov,
        monto=Decimal("2350000"), fecha=hoy, referencia="FAC-1024", clave=_clave(f"pendiente:{hoy}"), actor=op)
    if nueva:
        do_aprobar_operacion(pendiente, actor=ambos)


def cargar() -> None:
    empresa = Empresa.objects.filter(nit="900123456-8").first()
    administrador = Usuario.objects.filter(username="adelgado").first()
    if empresa is None or administrador is None:
        return
    perfiles = _perfiles(empresa)
    usuarios = {u: _usuario(empresa, u, perfiles[d[3]], d) for u, d in EQUIPO.items()}
    for username, usuario in usuarios.items():
        _topes(usuario, "captura" if username in ("oprojas",) else "aprueba", administrador)
    prov = _beneficiarios(empresa, usuarios["oprojas"], usuarios["suplopez"])
    _operaciones(empresa, usuarios["oprojas"], usuarios["suplopez"], usuarios["supdiaz"], usuarios["ambgomez"], prov)
