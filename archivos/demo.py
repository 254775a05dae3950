"""Demo payment files of Comercializadora Andina for `cargar_demo` (`make run`).

The transacciones demo team gets the profile option `archivos` and topes for Pagos de
Nómina / Proveedores; oprojas (Operador) then uploads two files through the same
actions as the screens: one validated with errors, waiting for "Aceptar filas
válidas", and one accepted, approved by suplopez and supdiaz and executed (one row
fails: an account closed at the clearing). Idempotent: fixed keys, so a second
`make run` adds nothing.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from admin_usuarios.models import Empresa, Perfil, Producto, ProductoAsignado, Usuario
from archivos.actions.carga import do_aceptar_archivo, do_subir_archivo
from archivos.lectura import ENCABEZADO_ES
from archivos.models import Archivo
from archivos.tasks import validar_archivo
from topes.actions import do_guardar_topes_usuario
from topes.models import Servicio
from topes.rules import Montos
from transacciones.actions.operaciones import do_aprobar_operacion

M = Decimal(1_000_000)
PERFILES = ["Operadores Tesorería", "Supervisores Tesorería", "Tesorería Ambos"]
TOPES = {  # username → amounts of both file services (within the company's amounts of topes.demo)
    "oprojas": Montos(50 * M, 100 * M, 500 * M),
    "ambgomez": Montos(50 * M, 100 * M, 500 * M),
    "suplopez": Montos(100 * M, 200 * M, 1000 * M),
    "supdiaz": Montos(100 * M, 200 * M, 1000 * M),
}
NOMBRES = ["Ana María Pérez", "Luis Fernando Gómez", "Carolina Ríos", "Julián Andrés Castro", "Diana Marcela Ruiz",
           "Jorge Iván Mejía", "Paula Andrea Torres", "Camilo Herrera", "Natalia Ospina", "Santiago Valencia",
           "Laura Cristina Salazar", "Andrés Felipe Mora"]
BANCOS = ["Bancolombia", "Davivienda", "Banco de Occidente", "Banco de Bogotá", "BBVA Colombia", "Banco Popular"]
CUENTAS = {"Bancolombia": "2083456{:04d}", "Davivienda": "4567000{:04d}", "Banco de Occidente": "01582{:04d}",
           "Banco de Bogotá": "09120{:04d}", "BBVA Colombia": "00130{:04d}", "Banco Popular": "11020{:04d}"}


def _clave(nombre: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"occired-demo-archivos:{nombre}")


def _filas(mes: str, *, errores: bool) -> list[list[str]]:
    filas = []
    for i, nombre in enumerate(NOMBRES, start=1):
        banco = BANCOS[i % len(BANCOS)]
        valor = f"{1_800_000 + i * 125_000:,}".replace(",", ".") + ",00"
        filas.append(["CC", str(1_012_300_000 + i * 97), nombre, banco, "Ahorros" if i % 3 else "Corriente",
                      CUENTAS[banco].format(1000 + i), valor, f"NOMINA {mes}"])
    if errores:
        filas[2][3] = "Banco Inventado"          # unknown bank
        filas[5][5] = "12AB"                     # bad account number
        filas[7][6] = "1.800.000,505"            # amount with 3 decimals
        filas.append(["NIT", "900123456-7", "Proveedora del Cauca S.A.S.", "Bancolombia", "Ahorros", "20834567812",
                      "950000", "FACT 991"])     # NIT check digit
        filas.append(list(filas[0]))             # duplicate row
        filas.append(["CC", "", "Sin Documento", "Davivienda", "Ahorros", "45670009999", "500000", "NOMINA"])
    else:
        filas[4][5] = CUENTAS[filas[4][3]].format(0)[:-4] + "0000"  # closed at the clearing: fails on execution
    return filas


def _csv(filas: list[list[str]]) -> bytes:
    return ("\r\n".join(";".join(f) for f in [ENCABEZADO_ES, *filas]) + "\r\n").encode("utf-8")


def _equipo(empresa: Empresa, administrador: Usuario) -> dict[str, Usuario]:
    for perfil in Perfil.objects.filter(empresa=empresa, nombre__in=PERFILES):
        if "archivos" not in perfil.opciones:
            perfil.opciones = [*perfil.opciones, "archivos"]
            perfil.save(update_fields=["opciones"])
    servicios = list(Servicio.objects.filter(codigo__in=["pagos-nomina", "pagos-proveedores"]))
    usuarios = {u.username: u for u in Usuario.objects.filter(empresa=empresa, username__in=TOPES)
                .select_related("perfil")}
    for username, usuario in usuarios.items():
        valores = {(a.pk, s.pk): TOPES[username] for a in ProductoAsignado.objects.filter(usuario=usuario)
                   for s in servicios}
        do_guardar_topes_usuario(usuario, valores, actor=administrador)
    return usuarios


def cargar() -> None:
    empresa = Empresa.objects.filter(nit="900123456-8").first()
    administrador = Usuario.objects.filter(username="adelgado").first()
    if empresa is None or administrador is None:
        return
    usuarios = _equipo(empresa, administrador)
    if not {"oprojas", "suplopez", "supdiaz"} <= set(usuarios):
        return
    op = usuarios["oprojas"]
    op.refresh_from_db()
    origen = Producto.objects.filter(empresa=empresa, nombre="CAHOAndres").first()
    if origen is None:
        return
    # Validated with errors: the Operador sees the bad rows and may accept the valid ones.
    # cargar_demo runs in one transaction: validate here rather than on its commit.
    con_errores, _n = do_subir_archivo(subido=SimpleUploadedFile("nomina_diciembre.csv", _csv(_filas("DIC", errores=True))),
                     tipo=Archivo.Tipo.NOMINA, origen=origen, clave=_clave("con-errores"), actor=op)
    # Accepted, approved by both supervisors and executed (partially: one closed account).
    archivo, nuevo = do_subir_archivo(
        subido=SimpleUploadedFile("nomina_noviembre.csv", _csv(_filas("NOV", errores=False))),
        tipo=Archivo.Tipo.NOMINA, origen=origen, clave=_clave("ejecutado"), actor=op)
    for a in (con_errores, archivo):
        validar_archivo(a.pk)
    archivo.refresh_from_db()
    if archivo.operacion_id is None and archivo.estado in (Archivo.Estado.VALIDADO, Archivo.Estado.CON_ERRORES):
        operacion = do_aceptar_archivo(archivo, actor=op)
        do_aprobar_operacion(operacion, actor=usuarios["suplopez"])
        do_aprobar_operacion(operacion, actor=usuarios["supdiaz"])
