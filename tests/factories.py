"""Builders for the test personas. Plain functions over the real models."""

from __future__ import annotations

import base64
import secrets
import time

from django.test import Client
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Empresa, Horario, Perfil, Producto, Usuario
from tokens.models import TokenVirtual

CLAVE = "Prueba2024"


def crear_empresa(nit: str = "900123456-8", razon_social: str = "Comercializadora Andina S.A.S.",
                  interno: str = "015829393", **campos) -> Empresa:
    empresa = Empresa.objects.create(nit=nit, razon_social=razon_social, identificador_interno=interno, **campos)
    Horario.objects.create(empresa=empresa)
    return empresa


def crear_usuario(empresa: Empresa | None, username: str, *, clave: str = CLAVE, **campos) -> Usuario:
    datos = {
        "nombres": username.capitalize(),
        "primer_apellido": "Prueba",
        "estado": Usuario.Estado.ACTIVO,
        "imagen_seguridad": "sol",
        "email": f"{username.lower()}@empresa.example",
        "celular": "3001234567",
    }
    datos.update(campos)
    usuario = Usuario.objects.create_user(username, clave, empresa=empresa, **datos)
    usuario.clave = clave  # type: ignore[attr-defined]
    return usuario


def dar_token(usuario: Usuario, serial: str | None = None) -> TOTPDevice:
    """An Activo virtual token with a fresh random secret."""
    secreto = base64.b32encode(secrets.token_bytes(20)).decode()
    device = TOTPDevice.objects.create(
        user=usuario, name="token", key=base64.b32decode(secreto).hex(), confirmed=True
    )
    TokenVirtual.objects.create(
        empresa=usuario.empresa,
        serial=serial or f"FEF{secrets.randbelow(10**7):07d}",
        usuario=usuario,
        estado=TokenVirtual.Estado.ACTIVO,
        dispositivo=device,
    )
    usuario.device = device  # type: ignore[attr-defined]
    usuario.secreto = secreto  # type: ignore[attr-defined]
    return device


def crear_admin(empresa: Empresa, username: str = "adelgado", **campos) -> Usuario:
    admin = crear_usuario(empresa, username, es_administrador=True, **campos)
    dar_token(admin)
    return admin


def crear_secundario(empresa: Empresa, username: str = "mguerrero", **campos) -> Usuario:
    perfil, _ = Perfil.objects.get_or_create(empresa=empresa, nombre="Pruebas_PRD")
    return crear_usuario(empresa, username, perfil=perfil, **campos)


def crear_staff(username: str = "banco") -> Usuario:
    staff = crear_usuario(None, username, is_staff=True, is_superuser=True)
    staff.device = TOTPDevice.objects.create(  # type: ignore[attr-defined]
        user=staff, name="staff", key=secrets.token_hex(20), confirmed=True
    )
    return staff


def crear_producto(empresa: Empresa, nombre: str = "CAHOAndres", numero: str = "015829393",
                   tipo: str = Producto.Tipo.CUENTA_AHORROS, **campos) -> Producto:
    return Producto.objects.create(empresa=empresa, nombre=nombre, numero=numero, tipo=tipo, **campos)


def codigo_fresco(device: TOTPDevice) -> str:
    """A code the device will accept now: not yet used, inside django-otp's window.

    Each code may be used once, so tests that log in several times within 30 s
    take the next unused step of the tolerance window, waiting when needed.
    """
    while True:
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        ahora = totp.t()
        # Never the previous step: a 30 s boundary passing before the server checks
        # the code would push it out of the window (a flaky test).
        paso = max(device.last_t + 1, ahora)
        if paso <= ahora + device.tolerance:
            return f"{hotp(device.bin_key, paso, device.digits):0{device.digits}d}"
        time.sleep(1)


def paso1(client: Client, username: str, codigo: str = "", condiciones: bool = True):
    data = {"username": username, "codigo": codigo}
    if condiciones:
        data["condiciones"] = "on"
    return client.post("/", data)


def login_portal(client: Client, usuario: Usuario, clave: str | None = None, codigo: str | None = None):
    """Both login steps; returns the step-2 response."""
    device = getattr(usuario, "device", None)
    if codigo is None:
        codigo = codigo_fresco(device) if device is not None and usuario.empresa_id else ""
    paso1(client, usuario.username, codigo)
    return client.post("/ingreso/clave/", {"clave": clave if clave is not None else usuario.clave})
