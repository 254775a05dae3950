"""Import user limits from a CSV file, through the same rule and action as the Asignar Topes tab.

Columns (header row, `;` or `,` separated): usuario;producto;servicio;transaccion;diario;mensual
— producto is the product number, servicio the service code, amounts as a Colombian
user writes them (`1.500.000`, `1.500.000,50`; with `,` as column separator quote them).
"""

from __future__ import annotations

import csv
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from admin_usuarios.models import ProductoAsignado, Usuario
from topes.actions import TopesInvalidosError, do_guardar_topes_usuario
from topes.models import Servicio
from topes.rules import CAMPOS, Montos, parse_monto


class Command(BaseCommand):
    help = "Importa topes de usuarios desde un CSV (todo o nada)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archivo")
        parser.add_argument("--actor", required=True, help="Usuario administrador o funcionario que importa.")

    def handle(self, *args, archivo: str, actor: str, **options) -> None:
        try:
            quien = Usuario.objects.get(username__iexact=actor)
        except Usuario.DoesNotExist:
            raise CommandError(f"No existe el usuario {actor}.") from None
        with open(archivo, newline="", encoding="utf-8-sig") as f:
            muestra = f.read(2048)
            f.seek(0)
            lector = csv.DictReader(f, dialect=csv.Sniffer().sniff(muestra, delimiters=";,"))
            filas = list(lector)
        servicios = {s.codigo: s.pk for s in Servicio.objects.filter(activo=True)}
        por_usuario: dict[Usuario, dict] = defaultdict(dict)
        errores = []
        for n, fila in enumerate(filas, start=2):
            try:
                usuario = Usuario.objects.get(username__iexact=fila["usuario"].strip())
                if quien.empresa_id and usuario.empresa_id != quien.empresa_id:
                    raise Usuario.DoesNotExist
                asignacion = ProductoAsignado.objects.get(usuario=usuario, producto__numero=fila["producto"].strip())
                servicio_id = servicios[fila["servicio"].strip()]
                montos = Montos(*(parse_monto(fila[c]) for c in CAMPOS))
            except (Usuario.DoesNotExist, ProductoAsignado.DoesNotExist, KeyError):
                errores.append(f"Línea {n}: usuario, producto o servicio desconocido.")
                continue
            except ValidationError as e:
                errores.append(f"Línea {n}: {' '.join(e.messages)}")
                continue
            por_usuario[usuario][(asignacion.pk, servicio_id)] = montos
        if errores:
            raise CommandError("\n".join(errores))
        try:
            with transaction.atomic():
                for usuario, valores in por_usuario.items():
                    do_guardar_topes_usuario(usuario, valores, actor=quien)
        except TopesInvalidosError as e:
            raise CommandError(f"Topes fuera de la regla: {e.celdas}") from None
        self.stdout.write(self.style.SUCCESS(f"{len(filas)} tope(s) importados para {len(por_usuario)} usuario(s)."))
