"""Modificar tabs: Información Usuario, Asignar Productos, Días y Horarios, Contraseña, Continuar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from admin_usuarios.eventos import Eventos as Acciones
from admin_usuarios.models import Horario, ProductoAsignado, Usuario
from auditoria.models import Evento
from comun.errores import AccionRechazada
from seguridad import reglas as rules
from seguridad.actions.horarios import do_guardar_horario
from seguridad.eventos import Eventos as EventosSeguridad
from tests.admin_usuarios.conftest import datos_usuario
from tests.factories import codigo_fresco

pytestmark = pytest.mark.django_db
DIAS = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]


def _url(nombre, usuario):
    return reverse(f"admin_usuarios:{nombre}", args=[usuario.pk])


def test_principal_shows_summary_state_login_and_token(cliente_admin, secundario):
    body = cliente_admin.get(_url("principal", secundario)).content.decode()
    for texto in ("Información Principal", "Información Usuario", "Asignar Productos", "Asignar Topes",
                  "Días y Horarios", "Contraseña", "Activo", "Fecha/Hora Último Ingreso", "Sin token asignado"):
        assert texto in body
    assert f'href="{_url("editar", secundario)}"' in body  # Continuar → next tab


def test_edit_saves_changed_fields_with_before_after_audit(cliente_admin, admin, secundario, perfil):
    datos = datos_usuario(perfil=perfil.pk, nombres="Mario", email="nuevo@empresa.example", continuar="1")
    r = cliente_admin.post(_url("editar", secundario), datos)
    assert r.status_code == 302 and r.url == _url("productos", secundario)  # Continuar
    secundario.refresh_from_db()
    assert secundario.nombres == "Mario" and secundario.username == "mguerrero"  # username never changes
    evento = Evento.objects.get(accion=Acciones.MODIFICAR_USUARIO)
    assert evento.detalles["antes"]["email"] == "mguerrero@empresa.example"
    assert evento.detalles["despues"]["email"] == "nuevo@empresa.example"
    assert evento.actor == admin


def test_edit_rejects_bad_input_and_keeps_it(cliente_admin, secundario, perfil):
    r = cliente_admin.post(_url("editar", secundario), datos_usuario(perfil=perfil.pk, celular="123"))
    assert r.status_code == 200 and "empezar por 3" in r.content.decode()
    assert 'value="123"' in r.content.decode()
    secundario.refresh_from_db()
    assert secundario.celular == "3001234567"


def test_products_grouped_by_type_only_enabled(cliente_admin, secundario, productos):
    body = cliente_admin.get(_url("productos", secundario)).content.decode()
    assert "Cuenta Ahorros" in body and "Cuenta Corriente" in body and "Tarjeta de Crédito" in body
    assert "CAHOAndres - 015829393" in body and "Expandir Todos" in body and "Contraer Todos" in body
    assert "TCBloqueada" not in body


def test_a_product_the_bank_disabled_stays_assigned_marked_and_untouched(cliente_admin, secundario, productos,
                                                                         staff):
    from admin_usuarios.actions.empresas import do_cambiar_habilitacion_producto

    ProductoAsignado.objects.create(usuario=secundario, producto=productos["ahorros"])
    ProductoAsignado.objects.create(usuario=secundario, producto=productos["corriente"])
    do_cambiar_habilitacion_producto(productos["ahorros"], False, actor=staff)
    body = cliente_admin.get(_url("principal", secundario)).content.decode()
    assert "CAHOAndres - 015829393 <span class=\"badge text-bg-secondary\">Deshabilitado por el banco</span>" in body
    # Saving Asignar Productos (where it no longer shows) keeps it, with its limits, for when it is enabled again.
    cliente_admin.post(_url("productos", secundario), {"productos": [productos["corriente"].pk]})
    assert set(ProductoAsignado.objects.filter(usuario=secundario).values_list("producto__nombre", flat=True)) == {
        "CAHOAndres", "CCTEAndina"}


def test_assign_and_remove_products_audited(cliente_admin, secundario, productos):
    url = _url("productos", secundario)
    cliente_admin.post(url, {"productos": [productos["ahorros"].pk, productos["corriente"].pk]})
    assert set(ProductoAsignado.objects.filter(usuario=secundario).values_list("producto__nombre", flat=True)) == {
        "CAHOAndres", "CCTEAndina"}
    r = cliente_admin.post(url, {"productos": [productos["corriente"].pk], "continuar": "1"})
    assert r.url == reverse("topes:asignar", args=[secundario.pk]) if _existe("topes:asignar") else _url(
        "horarios", secundario)
    assert list(ProductoAsignado.objects.filter(usuario=secundario).values_list("producto__nombre", flat=True)) == [
        "CCTEAndina"]
    ultimo = Evento.objects.filter(accion=Acciones.ASIGNAR_PRODUCTOS).order_by("-id").first()
    assert ultimo.detalles["retirados"] == ["CAHOAndres - 015829393"]


def _existe(nombre: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(nombre, args=[1])
    except NoReverseMatch:
        return False
    return True


def test_disabled_or_foreign_product_cannot_be_assigned(cliente_admin, secundario, productos, otra_empresa):
    from tests.factories import crear_producto

    ajeno = crear_producto(otra_empresa, "CAHOAjeno", "999")
    for pk in (productos["deshabilitado"].pk, ajeno.pk):
        r = cliente_admin.post(_url("productos", secundario), {"productos": [pk]})
        assert r.status_code == 200 and "Solo puede asignar productos habilitados" in r.content.decode()
    assert not ProductoAsignado.objects.filter(usuario=secundario).exists()


def _horario_post(horario: Horario, **cambios) -> dict:
    datos = {}
    for d in DIAS:
        ini, fin = horario.rango(d)
        datos[f"{d}_inicio"] = ini.strftime("%H:%M") if ini else ""
        datos[f"{d}_fin"] = fin.strftime("%H:%M") if fin else ""
    datos["festivo_permitido"] = "1" if horario.festivo_permitido else "0"
    for c in ("monetarias_sabado", "monetarias_domingo", "monetarias_festivo"):
        if getattr(horario, c):
            datos[c] = "on"
    datos.update(cambios)
    return {k: v for k, v in datos.items() if v is not None}


@pytest.fixture
def horario_empresa(empresa):
    h = Horario.objects.get(empresa=empresa)
    for d in DIAS[:5]:
        setattr(h, f"{d}_inicio", dt.time(7, 0))
        setattr(h, f"{d}_fin", dt.time(19, 0))
    h.sabado_inicio, h.sabado_fin = dt.time(8, 0), dt.time(12, 0)
    h.domingo_inicio = h.domingo_fin = None
    h.festivo_permitido = False
    h.monetarias_domingo = h.monetarias_festivo = False
    h.save()
    return h


def test_schedule_defaults_to_company(cliente_admin, secundario, horario_empresa):
    r = cliente_admin.get(_url("horarios", secundario))
    body = r.content.decode()
    assert 'value="07:00"' in body and 'value="19:00"' in body and "El usuario tiene el horario de la empresa" in body


@pytest.mark.parametrize("cambio,campo", [
    ({"lunes_inicio": "06:59"}, "lunes_inicio"),
    ({"martes_fin": "19:01"}, "martes_inicio"),
    ({"domingo_inicio": "09:00", "domingo_fin": "10:00"}, "domingo_inicio"),
    ({"miercoles_inicio": "10:00", "miercoles_fin": "09:00"}, "miercoles_fin"),
    ({"jueves_fin": ""}, "jueves_fin"),
    ({"festivo_permitido": "1"}, "festivo_permitido"),
    ({"monetarias_domingo": "on"}, "monetarias_domingo"),
    ({"monetarias_festivo": "on"}, "monetarias_festivo"),
])
def test_schedule_can_never_exceed_the_company(cliente_admin, secundario, horario_empresa, cambio, campo):
    r = cliente_admin.post(_url("horarios", secundario), _horario_post(horario_empresa, **cambio))
    assert r.status_code == 200 and campo in r.context["form"].errors
    assert not Horario.objects.filter(usuario=secundario).exists()


def test_action_refuses_a_schedule_beyond_the_company_too(admin, secundario, horario_empresa):
    datos = {f"{d}_{x}": getattr(horario_empresa, f"{d}_{x}") for d in DIAS for x in ("inicio", "fin")}
    datos.update(festivo_permitido=True, monetarias_sabado=True, monetarias_domingo=False, monetarias_festivo=False)
    with pytest.raises(AccionRechazada):
        do_guardar_horario(secundario, datos, actor=admin)


def test_narrower_schedule_saved_audited_and_enforced_by_login(cliente_admin, secundario, horario_empresa):
    datos = _horario_post(horario_empresa, lunes_inicio="09:00", lunes_fin="12:00", sabado_inicio="",
                          sabado_fin="", monetarias_sabado=None, continuar="1")
    r = cliente_admin.post(_url("horarios", secundario), datos)
    assert r.status_code == 302 and r.url == _url("contrasena", secundario)
    propio = Horario.objects.get(usuario=secundario)
    assert propio.lunes_inicio == dt.time(9, 0) and propio.sabado_inicio is None and not propio.monetarias_sabado
    evento = Evento.objects.get(accion=EventosSeguridad.MODIFICAR_HORARIO)
    assert evento.detalles["antes"]["lunes_inicio"] == "07:00" and evento.detalles["despues"]["lunes_inicio"] == "09:00"
    lunes_8 = timezone.make_aware(dt.datetime(2024, 7, 8, 8, 0))  # a Monday, not a holiday
    lunes_10 = timezone.make_aware(dt.datetime(2024, 7, 8, 10, 0))
    assert not rules.dentro_de_horario(secundario, lunes_8) and rules.dentro_de_horario(secundario, lunes_10)


def test_password_tab_shows_email_and_needs_token_code(cliente_admin, admin, secundario):
    body = cliente_admin.get(_url("contrasena", secundario)).content.decode()
    assert "mguerrero@empresa.example" in body and "Generar Contraseña" in body and "Clave Dinámica Token" in body
    r = cliente_admin.post(_url("generar_contrasena", secundario), {"codigo_token": "000000"})
    assert r.status_code == 200 and "no es válido" in r.content.decode()
    secundario.refresh_from_db()
    assert secundario.clave_generada is None and not mail.outbox


def test_generate_password_with_step_up(cliente_admin, admin, secundario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = cliente_admin.post(_url("generar_contrasena", secundario), {"codigo_token": codigo_fresco(admin.device)})
    assert r.status_code == 302
    secundario.refresh_from_db()
    assert secundario.clave_generada and secundario.debe_cambiar_clave
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mguerrero@empresa.example"]
    assert Evento.objects.filter(accion="GENERAR_CLAVE", objetivo=secundario, actor=admin).exists()


def test_admin_without_token_is_told_why(client, empresa, secundario):
    from tests.factories import crear_usuario, login_portal

    sin_token = crear_usuario(empresa, "admsintoken", es_administrador=True)
    login_portal(client, sin_token)
    body = client.get(_url("contrasena", secundario)).content.decode()
    assert "no tiene un token virtual activo" in body
    r = client.post(_url("generar_contrasena", secundario), {"codigo_token": "123456"})
    assert "no tiene un token virtual activo" in r.content.decode()
    assert Usuario.objects.get(pk=secundario.pk).clave_generada is None
