"""The demo data of `make run` (README's logins): loads, twice without duplicates, and shows paging."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from admin_usuarios.models import Usuario

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_and_fills_consultar(settings, client):
    settings.DEBUG = True
    call_command("cargar_demo", verbosity=0)
    call_command("cargar_demo", verbosity=0)  # idempotent: make run can be repeated
    andina = Usuario.objects.filter(empresa__nit="900123456-8", es_administrador=False)
    assert andina.count() == 36  # the seeds' two, thirty more, and the maker-checker team of four
    assert set(andina.values_list("estado", flat=True)) == {"ACTIVO", "INACTIVO", "PENDIENTE", "BLOQUEADO"}
    assert set(andina.values_list("tipo_identificacion", flat=True)) == {"CC", "CE", "PA"}
    # The README's logins work as documented (passwords; the extra users cannot log in).
    assert Usuario.objects.get(username="adelgado").check_password("Occire2024")
    assert Usuario.objects.get(username="mguerrero").check_password("Guerre2024")
    for username, clave in (("oprojas", "Rojasx2024"), ("suplopez", "Lopezs2024"), ("supdiaz", "Diazsu2024"),
                            ("ambgomez", "Gomezz2024")):
        assert Usuario.objects.get(username=username).check_password(clave)
    assert not Usuario.objects.get(username="arestrepo").has_usable_password()
    client.force_login(Usuario.objects.get(username="adelgado"))
    Usuario.objects.filter(username="adelgado").update(sesion_actual=client.session.session_key)
    body = client.get("/administracion/usuarios/").content.decode()
    assert "Mostrando registros 1 al 10 de un total de 36" in body
