"""Crear Nuevo: every validation rule, Pendiente state, audit, yellow required fields."""

from __future__ import annotations

import pytest

from admin_usuarios.eventos import Eventos as Acciones
from admin_usuarios.models import Perfil, Usuario
from auditoria.models import Evento
from tests.admin_usuarios.conftest import datos_usuario
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db
URL = "/administracion/usuarios/nuevo/"


def _post(client, perfil, **cambios):
    return client.post(URL, datos_usuario(perfil=perfil.pk, **cambios))


def test_form_shows_every_field_and_required_in_yellow(cliente_admin, perfil):
    body = cliente_admin.get(URL).content.decode()
    for etiqueta in ("Datos generales", "Usuario", "Nombres", "Primer Apellido", "Segundo Apellido", "Perfil",
                     "Datos adicionales", "Tipo Identificación", "No. Identificación", "Datos de contacto",
                     "Dirección de Correspondencia", "Correo Electrónico", "Teléfono Oficina", "Extensión", "Celular",
                     "Departamento", "Ciudad", "Permitir Recibir Alertas"):
        assert etiqueta in body, etiqueta
    for requerido in ("username", "nombres", "primer_apellido", "perfil", "tipo_identificacion",
                      "numero_identificacion", "email", "celular"):
        campo = body.split(f'id="id_{requerido}"')[0].rsplit("<", 1)[1] + body.split(f'id="id_{requerido}"')[1][:200]
        assert "occi-requerido" in campo, requerido
    opcional = body.split('id="id_segundo_apellido"')[0].rsplit("<", 1)[1]
    assert "occi-requerido" not in opcional


def test_creates_pending_user_of_the_company_with_audit(cliente_admin, admin, perfil):
    r = _post(cliente_admin, perfil)
    nuevo = Usuario.objects.get(username="Felipe20")
    assert r.status_code == 302 and r.url == f"/administracion/usuarios/{nuevo.pk}/"
    assert nuevo.estado == Usuario.Estado.PENDIENTE and nuevo.empresa_id == admin.empresa_id
    assert not nuevo.es_administrador and not nuevo.has_usable_password()
    assert nuevo.ciudad == "Cali" and nuevo.permitir_alertas
    evento = Evento.objects.get(accion=Acciones.CREAR_USUARIO)
    assert evento.actor == admin and evento.objetivo == nuevo
    assert evento.detalles["despues"]["email"] == "dprieto@empresa.example"


@pytest.mark.parametrize("campo,valor,mensaje", [
    ("username", "", "obligatorio"),
    ("username", "Felipe 20", "letras y números"),
    ("username", "Felipe_20", "letras y números"),
    ("username", "Felípe20", "letras y números"),
    ("username", "abc", "letras y números"),
    ("nombres", "", "obligatorio"),
    ("primer_apellido", "", "obligatorio"),
    ("email", "", "obligatorio"),
    ("email", "no-es-correo", "correo electrónico válida"),
    ("celular", "", "obligatorio"),
    ("celular", "2104567890", "empezar por 3"),
    ("celular", "310456789", "empezar por 3"),
    ("celular", "31045678901", "menos de 10 caracteres"),
    ("telefono_oficina", "12ab", "7 a 10 dígitos"),
    ("extension", "12a", "1 a 6 dígitos"),
    ("tipo_identificacion", "", "obligatorio"),
    ("tipo_identificacion", "XX", "opción válida"),
    ("numero_identificacion", "", "obligatorio"),
    ("numero_identificacion", "12AB", "cédula de ciudadanía"),
    ("numero_identificacion", "0123456", "cédula de ciudadanía"),
    ("ciudad", "Medellín", "ciudad del departamento"),
    ("departamento", "XYZ", "opción válida"),
])
def test_each_field_rule_gives_message_next_to_field_and_keeps_input(cliente_admin, perfil, campo, valor, mensaje):
    r = _post(cliente_admin, perfil, **{campo: valor})
    assert r.status_code == 200
    errores = r.context["form"].errors
    assert campo in errores and mensaje in " ".join(errores[campo]), errores
    body = r.content.decode()
    assert f'id="id_{campo}_error"' in body
    assert 'value="David Felipe"' in body or campo == "nombres"  # what was typed stays
    assert not Usuario.objects.filter(username="Felipe20").exists()


@pytest.mark.parametrize("tipo,numero,valido", [
    ("CC", "79123456", True), ("CC", "1234", False), ("CC", "12345678901", False),
    ("CE", "123456", True), ("CE", "12345678", False), ("CE", "12A456", False),
    ("NIT", "900123456-8", True), ("NIT", "9001234568", True), ("NIT", "900123456-7", False),
    ("PA", "AB123456", True), ("PA", "AB-12", False),
    ("TI", "1002345678", True), ("TI", "123456789", False),
])
def test_identification_number_validated_per_type(cliente_admin, perfil, tipo, numero, valido):
    r = _post(cliente_admin, perfil, tipo_identificacion=tipo, numero_identificacion=numero)
    assert (r.status_code == 302) is valido, r.context and r.context["form"].errors
    if valido and tipo == "NIT":
        assert Usuario.objects.get(username="Felipe20").numero_identificacion == "900123456-8"


def test_username_unique_without_regard_to_case_even_across_companies(cliente_admin, perfil, otra_empresa):
    crear_usuario(otra_empresa, "felipe20")
    r = _post(cliente_admin, perfil)
    assert "Ya existe un usuario" in " ".join(r.context["form"].errors["username"])


def test_city_needs_its_department(cliente_admin, perfil):
    r = _post(cliente_admin, perfil, departamento="")
    assert "departamento" in r.context["form"].errors
    assert _post(cliente_admin, perfil, departamento="", ciudad="").status_code == 302


def test_profile_of_another_company_is_rejected(cliente_admin, otra_empresa):
    ajeno = Perfil.objects.create(empresa=otra_empresa, nombre="Ajeno")
    r = _post(cliente_admin, ajeno)
    assert "perfil" in r.context["form"].errors
    assert not Usuario.objects.filter(username="Felipe20").exists()


def test_formula_like_names_are_stored_as_typed_but_exported_neutralised(cliente_admin, perfil):
    # Names are free text (people's names), so neutralising happens at export time.
    assert _post(cliente_admin, perfil, nombres="=Felipe").status_code == 302
