# The outbox model moved here from `portal` (the toolbox owns it now). The table
# keeps its name, so this only tells Django's state where the model lives.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CorreoSaliente",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("creado", models.DateTimeField(auto_now_add=True, verbose_name="Creado")),
                        ("plantilla", models.CharField(max_length=60, verbose_name="Plantilla")),
                        ("para", models.EmailField(max_length=254, verbose_name="Para")),
                        ("idioma", models.CharField(default="es", max_length=5, verbose_name="Idioma")),
                        ("contexto", models.JSONField(blank=True, default=dict, verbose_name="Contexto")),
                        ("estado", models.CharField(choices=[("PENDIENTE", "Pendiente"), ("ENVIADO", "Enviado"), ("FALLIDO", "Fallido")], default="PENDIENTE", max_length=10, verbose_name="Estado")),
                        ("intentos", models.PositiveSmallIntegerField(default=0, verbose_name="Intentos")),
                        ("proximo_intento", models.DateTimeField(blank=True, null=True, verbose_name="Próximo intento")),
                        ("enviado", models.DateTimeField(blank=True, null=True, verbose_name="Enviado")),
                        ("ultimo_error", models.CharField(blank=True, max_length=300, verbose_name="Último error")),
                        ("usuario", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="correos", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "Correo saliente",
                        "verbose_name_plural": "Correos salientes",
                        "ordering": ["-creado", "-id"],
                        "indexes": [models.Index(fields=["estado", "proximo_intento"], name="correo_pendientes")],
                        "db_table": "portal_correosaliente",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
