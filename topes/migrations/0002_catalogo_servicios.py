"""The service catalogue of seed 000 ("Asignar Topes")."""

from django.db import migrations

SERVICIOS = [
    # codigo, nombre, grupo, tipo, orden
    ("pagos-terceros", "Pagos - A Terceros", "MONETARIOS", "MONETARIO", 10),
    ("pagos-impuestos", "Pagos - Impuestos", "MONETARIOS", "MONETARIO", 20),
    ("transferencias", "Transferencias - Internas, Aval y otros Bancos", "MONETARIOS", "MONETARIO", 30),
    ("pagos-nomina", "Pagos de Nómina", "ARCHIVOS", "ARCHIVO", 110),
    ("pagos-proveedores", "Pagos a Proveedores", "ARCHIVOS", "ARCHIVO", 120),
]


def cargar(apps, schema_editor):
    Servicio = apps.get_model("topes", "Servicio")
    for codigo, nombre, grupo, tipo, orden in SERVICIOS:
        Servicio.objects.update_or_create(
            codigo=codigo, defaults={"nombre": nombre, "grupo": grupo, "tipo": tipo, "orden": orden, "activo": True}
        )


def descargar(apps, schema_editor):
    Servicio = apps.get_model("topes", "Servicio")
    Servicio.objects.filter(codigo__in=[s[0] for s in SERVICIOS]).delete()


class Migration(migrations.Migration):
    dependencies = [("topes", "0001_initial")]
    operations = [migrations.RunPython(cargar, descargar)]
