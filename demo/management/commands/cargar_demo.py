"""Demo data for `make run` (idempotent). Refused when DEBUG is off unless --force."""

import base64

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Empresa, Horario, Perfil, Producto, Usuario
from tokens.models import CupoTokens, TokenVirtual

# Demo secrets are public on purpose (README): they let anyone try the portal with
# an authenticator app. They must never exist in a production database.
DEMO_TOTP = {
    "adelgado": "OCCIREDDEMOADELGADO234567ABCDEFG",
    "admvalle": "OCCIREDDEMOADMVALLE234567ABCDEFG",
    "banco": "OCCIREDDEMOBANCO234567ABCDEFGHIJ",
}
DEMO_CLAVES = {"adelgado": "Occire2024", "mguerrero": "Guerre2024", "admvalle": "Vallee2024", "banco": "Bancoo2024"}

PRODUCTOS_ANDINA = [
    (Producto.Tipo.CUENTA_AHORROS, "CAHOAndres", "015829393"),
    (Producto.Tipo.CUENTA_AHORROS, "CAHOCarlos", "278823810"),
    (Producto.Tipo.CUENTA_AHORROS, "CAHOFelipe", "251830758"),
    (Producto.Tipo.CUENTA_AHORROS, "CAHOStephanía", "011856994"),
    (Producto.Tipo.CUENTA_AHORROS, "CAHODanielH", "230843427"),
    (Producto.Tipo.CUENTA_CORRIENTE, "CCTEAndina", "098765432"),
    (Producto.Tipo.TARJETA_CREDITO, "TCEmpresarial", "4567890123"),
]


def hex_de_base32(secret: str) -> str:
    return base64.b32decode(secret).hex()


# Secondary users of Comercializadora Andina beyond the two of the seeds (names, surnames).
EQUIPO_ANDINA = [
    ("Ana María", "Restrepo", "Gómez"), ("Carlos Andrés", "Ospina", "Villa"), ("Luisa Fernanda", "Mejía", "Arango"),
    ("Juan Pablo", "Zapata", "Henao"), ("Diana Carolina", "Cárdenas", "Ruiz"), ("Jorge Iván", "Salazar", "Cano"),
    ("Paula Andrea", "Montoya", "Vélez"), ("Camilo", "Giraldo", "Escobar"), ("Sofía", "Jaramillo", "Correa"),
    ("Mateo", "Quintero", "Rubio"), ("Valentina", "Herrera", "Medina"), ("Santiago", "Aguilar", "Suárez"),
    ("Daniela", "Castro", "Prieto"), ("Andrés Felipe", "Moreno", "Rojas"), ("Laura Camila", "Vargas", "Díaz"),
    ("David Esteban", "Torres", "Ramírez"), ("Natalia", "Sánchez", "Pérez"), ("Sebastián", "García", "López"),
    ("Carolina", "Martínez", "Rodríguez"), ("Felipe", "Ortiz", "Villegas"), ("María José", "Arango", "Londoño"),
    ("Julián", "Betancur", "Marín"), ("Manuela", "Londoño", "Gil"), ("Esteban", "Ríos", "Toro"),
    ("Isabela", "Duque", "Franco"), ("Alejandro", "Muñoz", "Bedoya"), ("Catalina", "Echeverri", "Posada"),
    ("Nicolás", "Gutiérrez", "Mora"), ("Gabriela", "Peña", "Uribe"), ("Tomás", "Hoyos", "Lara"),
]
SIN_TILDES = str.maketrans("áéíóúñü", "aeiounu")


class Command(BaseCommand):
    help = "Carga los datos de demostración (empresas, usuarios, productos, tokens)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Cargar aunque DEBUG esté apagado.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("cargar_demo está deshabilitado con DEBUG apagado (use --force si sabe lo que hace).")
        with transaction.atomic():
            self._cargar()
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos:"))
        self.stdout.write("  Portal  adelgado / Occire2024 / token OCCIREDDEMOADELGADO234567ABCDEFG (administrador)")
        self.stdout.write("  Portal  mguerrero / Guerre2024 (usuario secundario, sin token)")
        self.stdout.write("  Portal  admvalle / Vallee2024 / token OCCIREDDEMOADMVALLE234567ABCDEFG (otra empresa)")
        self.stdout.write("  Portal  oprojas / Rojasx2024 / token OCCIREDDEMOOPROJAS234567ABCDEFGH (Operador)")
        self.stdout.write("  Portal  suplopez / Lopezs2024 / token OCCIREDDEMOSUPLOPEZ234567ABCDEFG (Supervisor)")
        self.stdout.write("  Portal  supdiaz / Diazsu2024 / token OCCIREDDEMOSUPDIAZ234567ABCDEFGH (Supervisor)")
        self.stdout.write("  Portal  ambgomez / Gomezz2024 / token OCCIREDDEMOAMBGOMEZ234567ABCDEFG (Ambos)")
        self.stdout.write("  /banco/ banco / Bancoo2024 / token OCCIREDDEMOBANCO234567ABCDEFGHIJ (funcionario)")

    def _cargar(self) -> None:
        andina = self._empresa("900123456-8", "Comercializadora Andina S.A.S.", "015829393")
        valle = self._empresa("890300123-4", "Industrias del Valle S.A.", "027733110")
        for tipo, nombre, numero in PRODUCTOS_ANDINA:
            Producto.objects.update_or_create(
                empresa=andina, tipo=tipo, numero=numero, defaults={"nombre": nombre, "habilitado": True}
            )
        Producto.objects.update_or_create(
            empresa=valle, tipo=Producto.Tipo.CUENTA_CORRIENTE, numero="112233445",
            defaults={"nombre": "CCTEValle", "habilitado": True},
        )
        pruebas, _ = Perfil.objects.get_or_create(
            empresa=andina, nombre="Pruebas_PRD",
            defaults={"tipo": Perfil.Tipo.AMBOS, "aprobaciones": 2,
                      "opciones": ["consulta_saldos", "consulta_movimientos", "pagos_terceros", "aprobaciones"]},
        )
        Perfil.objects.get_or_create(
            empresa=andina, nombre="Tesorería",
            defaults={"tipo": Perfil.Tipo.OPERADOR, "opciones": ["consulta_saldos", "transferencias", "archivos"]},
        )
        Perfil.objects.get_or_create(
            empresa=andina, nombre="Aprobadores",
            defaults={"tipo": Perfil.Tipo.SUPERVISOR, "aprobaciones": 1, "opciones": ["consulta_saldos", "aprobaciones"]},
        )

        adelgado = self._usuario(
            "adelgado", andina, nombres="Andres", primer_apellido="Delgado", segundo_apellido="Quintero",
            es_administrador=True, estado=Usuario.Estado.ACTIVO, imagen_seguridad="sol",
            email="adelgado@andina.example", celular="3001234567",
            tipo_identificacion="CC", numero_identificacion="6136733",
        )
        self._token(adelgado, andina, "FEF4900030", DEMO_TOTP["adelgado"])
        # Seed 003: quota 6, serials FEF4900030–FEF4900035; the rest of the pool is Disponible.
        self._inventario_tokens(andina, 6, [f"FEF49000{n}" for n in range(31, 36)])
        self._usuario(
            "Felipe20", andina, nombres="David Felipe", primer_apellido="Prieto", perfil=pruebas,
            estado=Usuario.Estado.INACTIVO, email="dprieto@andina.example",
            tipo_identificacion="CC", numero_identificacion="80123456",
        )
        mguerrero = self._usuario(
            "mguerrero", andina, nombres="Marcela", primer_apellido="Guerrero", segundo_apellido="Rojas",
            perfil=pruebas, estado=Usuario.Estado.ACTIVO, imagen_seguridad="barco",
            email="mguerrero@andina.example", celular="3109876543", departamento="DC", ciudad="Bogotá",
            tipo_identificacion="CC", numero_identificacion="52123456", permitir_alertas=True,
        )
        self._equipo_andina(andina, [pruebas, *Perfil.objects.filter(empresa=andina).exclude(pk=pruebas.pk)])
        admvalle = self._usuario(
            "admvalle", valle, nombres="Valeria", primer_apellido="Cárdenas", es_administrador=True,
            estado=Usuario.Estado.ACTIVO, imagen_seguridad="flor", email="admin@valle.example", celular="3151112233",
        )
        self._token(admvalle, valle, "FEF5100001", DEMO_TOTP["admvalle"])
        self._inventario_tokens(valle, 2, ["FEF5100002"])

        banco, creado = Usuario.objects.get_or_create(
            username="banco",
            defaults={"nombres": "Funcionario", "primer_apellido": "Banco", "is_staff": True, "is_superuser": True,
                      "estado": Usuario.Estado.ACTIVO},
        )
        if creado or not banco.check_password(DEMO_CLAVES["banco"]):
            banco.set_password(DEMO_CLAVES["banco"])
            banco.save(update_fields=["password"])
        TOTPDevice.objects.update_or_create(
            user=banco, name="Token funcionario", defaults={"key": hex_de_base32(DEMO_TOTP["banco"]), "confirmed": True}
        )
        # Limits (topes): bank caps, company amounts and mguerrero's limits on CAHOAndres and CAHOFelipe.
        from topes.demo import cargar_demo_topes

        cargar_demo_topes(andina, mguerrero, administrador=adelgado, funcionario=banco)
        # Ledger: balances and ~200 movements per demo product; Consultas options for mguerrero.
        from cuentas.demo import cargar as cargar_demo_cuentas

        cargar_demo_cuentas()
        # Maker-checker: an Operador, two Supervisors and an Ambos with tokens; operations in several states.
        from transacciones.demo import cargar as cargar_demo_transacciones

        cargar_demo_transacciones()
        # Pagos por Archivo: a payroll file validated with errors and one executed.
        from archivos.demo import cargar as cargar_demo_archivos

        cargar_demo_archivos()
        # Servicio al Cliente: Certificados and Solicitud de Chequera options, and one checkbook request.
        from servicio.demo import cargar as cargar_demo_servicio

        cargar_demo_servicio()
        # Mensajes, Notificaciones, Inscripción de Alertas.
        self._bandeja(andina, banco)

    def _bandeja(self, andina: Empresa, banco: Usuario) -> None:
        from bandeja.demo import cargar as cargar_demo_bandeja

        # Mensajes is a profile option: the demo's operating profiles have it.
        for perfil in Perfil.objects.filter(empresa=andina):
            if "mensajes" not in perfil.opciones:
                perfil.opciones = [*perfil.opciones, "mensajes"]
                perfil.save(update_fields=["opciones"])
        usuarios = {u.username: u for u in Usuario.objects.filter(username__in=["oprojas", "suplopez"])}
        if len(usuarios) == 2:
            cargar_demo_bandeja(empresa=andina, funcionario=banco, operador=usuarios["oprojas"],
                                supervisor=usuarios["suplopez"])

    def _equipo_andina(self, empresa: Empresa, perfiles: list[Perfil]) -> None:
        """About thirty more secondary users, so Consultar pages (Primero « 1 2 3 4 » Último)
        and every filter (state, profile, ID type, name) finds something. None can log in."""
        estados = [Usuario.Estado.ACTIVO] * 5 + [Usuario.Estado.INACTIVO, Usuario.Estado.PENDIENTE,
                                                  Usuario.Estado.BLOQUEADO]
        tipos = [("CC", "{:d}"), ("CC", "{:d}"), ("CE", "{:d}"), ("PA", "PA{:d}")]
        for i, (nombres, apellido1, apellido2) in enumerate(EQUIPO_ANDINA):
            tipo, formato = tipos[i % len(tipos)]
            numero = formato.format(391000 + i * 7 if tipo == "CE" else 1010200300 + i * 131)
            username = (nombres.split()[0][0] + apellido1).lower().translate(SIN_TILDES)[:20]
            self._usuario(
                username, empresa, nombres=nombres, primer_apellido=apellido1, segundo_apellido=apellido2,
                perfil=perfiles[i % len(perfiles)], estado=estados[i % len(estados)],
                email=f"{username}@andina.example", celular=f"31{i:08d}",
                tipo_identificacion=tipo, numero_identificacion=numero,
            )

    def _empresa(self, nit: str, razon: str, interno: str) -> Empresa:
        empresa, _ = Empresa.objects.update_or_create(
            nit=nit, defaults={"razon_social": razon, "identificador_interno": interno, "estado": Empresa.Estado.ACTIVA}
        )
        Horario.objects.get_or_create(empresa=empresa)
        return empresa

    def _usuario(self, username: str, empresa: Empresa, **campos) -> Usuario:
        usuario, _ = Usuario.objects.update_or_create(
            username=username, defaults={"empresa": empresa, "intentos_fallidos": 0, **campos}
        )
        clave = DEMO_CLAVES.get(username)
        if clave and not usuario.check_password(clave):
            usuario.set_password(clave)
            usuario.save(update_fields=["password"])
        elif not clave and not usuario.password:
            # Created without one: no password until Generar Contraseña (kept if one was generated since).
            usuario.set_unusable_password()
            usuario.save(update_fields=["password"])
        return usuario

    def _inventario_tokens(self, empresa: Empresa, cupo: int, seriales: list[str]) -> None:
        # get_or_create: a serial already assigned in the demo keeps its state on the next `make run`.
        CupoTokens.objects.update_or_create(empresa=empresa, defaults={"cantidad": cupo})
        for serial in seriales:
            TokenVirtual.objects.get_or_create(serial=serial, defaults={"empresa": empresa})

    def _token(self, usuario: Usuario, empresa: Empresa, serial: str, secreto: str) -> None:
        device, _ = TOTPDevice.objects.update_or_create(
            user=usuario, name=f"Token {serial}", defaults={"key": hex_de_base32(secreto), "confirmed": True}
        )
        TokenVirtual.objects.update_or_create(
            serial=serial,
            defaults={"empresa": empresa, "usuario": usuario, "estado": TokenVirtual.Estado.ACTIVO, "dispositivo": device},
        )
