"""Administración de Token / Token Virtual and the enrolment page, over the test client."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Usuario
from tests.factories import codigo_fresco, crear_secundario, login_portal
from tests.tokens.helpers import enrolar, token_activo
from tokens import actions
from tokens.models import TokenVirtual

pytestmark = pytest.mark.django_db
E = TokenVirtual.Estado
LISTA = "/administracion/tokens/"


def _texto(r) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


# --- the list ---------------------------------------------------------------------------


def test_list_shows_counts_table_and_paging_line(cliente_admin, admin, secundario, inventario):
    actions.do_asignar_token(secundario, actor=admin)
    body = _texto(cliente_admin.get(LISTA))
    assert "Cantidad Tokens Virtuales Empresa: <strong id=\"cupo-empresa\">6</strong>" in body
    assert "Cantidad Tokens Virtuales Disponibles: <strong id=\"cupo-disponibles\">4</strong>" in body
    for columna in ("Nombre Usuario", "Número de Serie", "Última Actualización", "Estado", "Acciones"):
        assert f">{columna}</th>" in body
    assert "Mostrando registros 1 al 2 de un total de 2" in body
    assert "FEF4900031" in body and "Asignado" in body and "mguerrero" in body
    assert "FEF4900032" not in body  # pool serials are counted, not listed


def test_counts_always_match_the_rows(cliente_admin, admin, empresa, inventario):
    for i in range(3):
        actions.do_asignar_token(crear_secundario(empresa, f"usr{i}"), actor=admin)
    r = cliente_admin.get(LISTA)
    body = _texto(r)
    filas = r.context["pagina"].paginator.count
    disponibles = int(re.search(r'id="cupo-disponibles">(\d+)<', body).group(1))
    cupo = int(re.search(r'id="cupo-empresa">(\d+)<', body).group(1))
    assert filas == 4 and filas + disponibles == cupo
    assert body.count('name="token"') == 4


def test_filters_by_state_date_and_text(cliente_admin, admin, empresa, secundario, inventario):
    otro = crear_secundario(empresa, "pperez", nombres="Pedro")
    token = actions.do_asignar_token(secundario, actor=admin)
    actions.do_asignar_token(otro, actor=admin)
    enrolar(token, secundario)
    r = cliente_admin.get(LISTA, {"estado": E.PENDIENTE_ACTIVACION})
    assert [t.usuario.username for t in r.context["pagina"]] == ["mguerrero"]
    r = cliente_admin.get(LISTA, {"q": "pedro"})
    assert [t.usuario.username for t in r.context["pagina"]] == ["pperez"]
    r = cliente_admin.get(LISTA, {"q": "FEF4900031"})
    assert [t.serial for t in r.context["pagina"]] == ["FEF4900031"]
    hoy = token.actualizado.astimezone().strftime("%Y-%m-%d")
    assert cliente_admin.get(LISTA, {"fecha": hoy}).context["pagina"].paginator.count == 3
    assert cliente_admin.get(LISTA, {"fecha": "2001-01-01"}).context["pagina"].paginator.count == 0
    r = cliente_admin.get(LISTA, {"fecha": "no-es-fecha", "q": "pedro"})
    assert "Ingrese una fecha válida" in r.content.decode() and 'value="pedro"' in r.content.decode()


@pytest.mark.parametrize("n", [3, 300])
def test_list_queries_do_not_grow_with_rows(client, admin, empresa, n, django_assert_max_num_queries):
    from tokens.models import CupoTokens

    CupoTokens.objects.create(empresa=empresa, cantidad=n + 5)
    usuarios = Usuario.objects.bulk_create([
        Usuario(username=f"u{i:04d}", nombres="N", primer_apellido="P", empresa=empresa, estado="ACTIVO")
        for i in range(n)
    ])
    TokenVirtual.objects.bulk_create([
        TokenVirtual(empresa=empresa, serial=f"FEF7{i:06d}", usuario=u, estado=E.ACTIVO)
        for i, u in enumerate(usuarios)
    ])
    login_portal(client, admin)
    with django_assert_max_num_queries(12):
        r = client.get(LISTA)
    assert r.status_code == 200
    assert f"de un total de {n + 1}" in r.content.decode()


# --- Asignar --------------------------------------------------------------------------


def test_assign_lists_reasons_then_confirms_with_own_token(cliente_admin, admin, empresa, secundario, inventario):
    sin_celular = crear_secundario(empresa, "scelular", celular="")
    inactivo = crear_secundario(empresa, "inactivo1", estado=Usuario.Estado.INACTIVO)
    body = _texto(cliente_admin.get("/administracion/tokens/asignar/"))
    assert "El usuario no tiene celular registrado." in body
    assert "El usuario no está activo." in body
    assert re.search(rf'value="{sin_celular.pk}" id="usuario-{sin_celular.pk}" disabled', body)
    assert re.search(rf'value="{inactivo.pk}" id="usuario-{inactivo.pk}" disabled', body)
    assert "adelgado" not in body.split("<tbody>")[1]  # administrators are not offered

    r = cliente_admin.post("/administracion/tokens/asignar/", {"usuario": secundario.pk})
    assert "Clave Dinámica Token" in r.content.decode()
    assert not TokenVirtual.objects.filter(usuario=secundario).exists()  # Continuar changes nothing

    r = cliente_admin.post("/administracion/tokens/asignar/", {"usuario": secundario.pk, "codigo_token": "000000"})
    assert "no es válido" in r.content.decode()
    assert not TokenVirtual.objects.filter(usuario=secundario).exists()

    time.sleep(1.1)  # django-otp throttles the next try after a failure
    r = cliente_admin.post("/administracion/tokens/asignar/",
                           {"usuario": secundario.pk, "codigo_token": codigo_fresco(admin.device)}, follow=True)
    assert "La asignación fue exitosa" in r.content.decode()
    assert TokenVirtual.objects.get(usuario=secundario).estado == E.ASIGNADO


def test_assign_refuses_user_without_preconditions_even_if_posted(cliente_admin, empresa, inventario):
    sin_correo = crear_secundario(empresa, "scorreo", email="")
    r = cliente_admin.post("/administracion/tokens/asignar/", {"usuario": sin_correo.pk})
    assert "El usuario no tiene correo electrónico registrado." in r.content.decode()
    assert not TokenVirtual.objects.filter(usuario=sin_correo).exists()


# --- Activar / Inactivar / Liberar ---------------------------------------------------------


def _operar(cliente, admin, token, accion, **extra):
    return cliente.post("/administracion/tokens/operar/",
                        {"token": token.pk, "accion": accion, "codigo_token": codigo_fresco(admin.device), **extra},
                        follow=True)


def test_activate_inactivate_reactivate_release_from_the_list(cliente_admin, admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    r = cliente_admin.get("/administracion/tokens/operar/", {"token": token.pk, "accion": "activar"}, follow=True)
    assert "está en estado Asignado" in r.content.decode()  # refused before asking for a code
    enrolar(token, secundario)
    r = cliente_admin.get("/administracion/tokens/operar/", {"token": token.pk, "accion": "activar"})
    assert "Clave Dinámica Token" in r.content.decode() and "FEF4900031" in r.content.decode()
    assert "operación exitosa" in _operar(cliente_admin, admin, token, "activar").content.decode()
    token.refresh_from_db()
    assert token.estado == E.ACTIVO
    _operar(cliente_admin, admin, token, "inactivar")
    token.refresh_from_db()
    assert token.estado == E.INACTIVO
    _operar(cliente_admin, admin, token, "activar")  # Activar on an Inactivo token reactivates it
    token.refresh_from_db()
    assert token.estado == E.ACTIVO
    _operar(cliente_admin, admin, token, "liberar")
    token.refresh_from_db()
    assert token.estado == E.DISPONIBLE and token.usuario is None


def test_operation_without_step_up_changes_nothing(cliente_admin, admin, secundario, inventario):
    token, _, _ = token_activo(secundario, admin)
    r = cliente_admin.post("/administracion/tokens/operar/", {"token": token.pk, "accion": "inactivar"})
    assert "Ingrese el código de su token" in r.content.decode()
    token.refresh_from_db()
    assert token.estado == E.ACTIVO


def test_admin_cannot_operate_their_own_token(cliente_admin, admin, inventario):
    propio = TokenVirtual.objects.get(usuario=admin)
    r = cliente_admin.get("/administracion/tokens/operar/", {"token": propio.pk, "accion": "inactivar"}, follow=True)
    assert "lo asigna y activa el banco" in r.content.decode()
    propio.refresh_from_db()
    assert propio.estado == E.ACTIVO


def test_no_row_selected_gives_a_message(cliente_admin, inventario):
    r = cliente_admin.get("/administracion/tokens/operar/", {"accion": "activar"}, follow=True)
    assert "Seleccione un token de la lista" in r.content.decode()


# --- exports ------------------------------------------------------------------------------


def test_excel_and_pdf_export_the_filtered_list(cliente_admin, admin, empresa, secundario, inventario):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    otro = crear_secundario(empresa, "pperez")
    actions.do_asignar_token(secundario, actor=admin)
    actions.do_asignar_token(otro, actor=admin)
    r = cliente_admin.get("/administracion/tokens/exportar/excel/", {"q": "mguerrero"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    filas = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert filas[0][:2] == ("Cantidad Tokens Virtuales Empresa", 6)
    datos = [f for f in filas[4:] if f and f[0]]
    assert [f[2] for f in datos] == ["FEF4900031"] and datos[0][4] == "Asignado"
    r = cliente_admin.get("/administracion/tokens/exportar/pdf/", {"estado": E.ASIGNADO})
    assert r["Content-Type"] == "application/pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "FEF4900031" in texto and "FEF4900032" in texto and "adelgado" not in texto


# --- enrolment page ---------------------------------------------------------------------------


def test_enrolment_page_shows_qr_and_secret_once_then_a_code_proves_it(client, admin, secundario, inventario):
    import base64

    token = actions.do_asignar_token(secundario, actor=admin)
    login_portal(client, secundario)
    r = client.get("/administracion/tokens/enrolar/")
    assert "RFC 6238" in r.content.decode() and "Mostrar código QR" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=secundario).exists()  # a GET creates no secret
    r = client.post("/administracion/tokens/enrolar/", {"accion": "generar"})
    body = r.content.decode()
    assert "RFC 6238" in body and 'src="data:image/svg+xml;base64,' in body
    secreto = re.search(r'id="secreto">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=secundario)
    assert base64.b32decode(secreto) == device.bin_key
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([^"]+)"', body).group(1)).decode()
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    r = client.post("/administracion/tokens/enrolar/", {"codigo": "12345"})
    assert "El código tiene 6 dígitos." in r.content.decode()
    assert secreto not in r.content.decode().replace(" ", "")  # shown once only
    r = client.get("/administracion/tokens/enrolar/")  # reloading neither shows nor replaces it
    assert secreto not in r.content.decode().replace(" ", "") and 'name="codigo"' in r.content.decode()
    assert TOTPDevice.objects.get(user=secundario) == device
    r = client.post("/administracion/tokens/enrolar/", {"codigo": codigo_fresco(device)}, follow=True)
    assert "Pendiente Activación" in r.content.decode()
    token.refresh_from_db()
    assert token.estado == E.PENDIENTE_ACTIVACION


def test_enrolment_page_without_token(client, secundario, inventario):
    login_portal(client, secundario)
    r = client.get("/administracion/tokens/enrolar/")
    assert "no tiene un token virtual asignado" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=secundario).exists()


def test_enrolment_menu_entry_for_every_user(client, secundario):
    login_portal(client, secundario)
    body = client.get("/inicio/").content.decode()
    assert "Enrolar Token Virtual" in body and "Token Virtual</a>" not in body.replace("Enrolar Token Virtual</a>", "")


def test_admin_menu_has_the_token_screen(cliente_admin):
    body = cliente_admin.get("/inicio/").content.decode()
    assert "Administración de Token" in body and f'href="{LISTA}"' in body


# --- access: anonymous, secondary user, outsider ------------------------------------------------

VISTAS_ADMIN = [
    ("get", LISTA, {}),
    ("get", "/administracion/tokens/asignar/", {}),
    ("get", "/administracion/tokens/exportar/excel/", {}),
    ("get", "/administracion/tokens/exportar/pdf/", {}),
    ("get", "/administracion/tokens/operar/", {"accion": "activar"}),
]


@pytest.mark.parametrize(("metodo", "url", "datos"), VISTAS_ADMIN)
def test_anonymous_is_sent_to_login(client, db, metodo, url, datos):
    r = getattr(client, metodo)(url, datos)
    assert r.status_code == 302 and r.url.startswith(f"/?next={url}")


def test_anonymous_enrolment_is_sent_to_login(client, db):
    r = client.get("/administracion/tokens/enrolar/")
    assert r.status_code == 302 and r.url.startswith("/?next=/administracion/tokens/enrolar/")


@pytest.mark.parametrize(("metodo", "url", "datos"), VISTAS_ADMIN)
def test_secondary_user_gets_403(client, secundario, metodo, url, datos):
    login_portal(client, secundario)
    assert getattr(client, metodo)(url, datos).status_code == 403


def test_outsider_gets_404_on_every_object_and_sees_nothing_in_lists_or_exports(admin, secundario, inventario,
                                                                                  admin_otra, inventario_otra):
    token, _, _ = token_activo(secundario, admin)
    c = Client()
    login_portal(c, admin_otra)
    for accion in ("activar", "inactivar", "liberar"):
        assert c.get("/administracion/tokens/operar/", {"token": token.pk, "accion": accion}).status_code == 404
        r = c.post("/administracion/tokens/operar/",
                   {"token": token.pk, "accion": accion, "codigo_token": codigo_fresco(admin_otra.device)})
        assert r.status_code == 404
    assert c.post("/administracion/tokens/asignar/", {"usuario": secundario.pk}).status_code == 404
    assert c.post("/administracion/tokens/asignar/", {
        "usuario": secundario.pk, "codigo_token": codigo_fresco(admin_otra.device)}).status_code == 404
    for url in (LISTA, "/administracion/tokens/asignar/"):
        body = c.get(url).content.decode()
        assert "FEF49000" not in body and "mguerrero" not in body
    r = c.get("/administracion/tokens/exportar/excel/")
    assert b"FEF49000" not in r.content and r.status_code == 200
    from pypdf import PdfReader

    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(c.get(
        "/administracion/tokens/exportar/pdf/").content)).pages)
    assert "FEF49000" not in texto and "mguerrero" not in texto
    token.refresh_from_db()
    assert token.estado == E.ACTIVO and TokenVirtual.objects.get(usuario=secundario) == token
    # The enrolment page only ever shows the user's own token, never another company's.
    r = c.get(reverse("tokens:enrolar"))
    body = r.content.decode()
    assert r.status_code == 200 and token.serial not in body and "mguerrero" not in body


def test_changes_require_post_and_csrf(admin, secundario, inventario):
    token, _, _ = token_activo(secundario, admin)
    c = Client(enforce_csrf_checks=True)
    login_portal(c, admin)
    r = c.post("/administracion/tokens/operar/",
               {"token": token.pk, "accion": "inactivar", "codigo_token": codigo_fresco(admin.device)})
    assert r.status_code == 403
    token.refresh_from_db()
    assert token.estado == E.ACTIVO


def test_enrolment_secret_is_created_only_by_post_with_csrf(secundario, admin, inventario):
    from django.test import Client

    actions.do_asignar_token(secundario, actor=admin)
    sesion = Client()
    login_portal(sesion, secundario)
    c = Client(enforce_csrf_checks=True)
    c.cookies["sessionid"] = sesion.cookies["sessionid"].value
    assert c.get("/administracion/tokens/enrolar/").status_code == 200  # logged in
    assert c.post("/administracion/tokens/enrolar/", {"accion": "generar"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=secundario).exists()
