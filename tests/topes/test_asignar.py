"""The Asignar Topes tab."""

from __future__ import annotations

import pytest

from auditoria.models import Evento
from tests.factories import codigo_fresco, login_portal
from tests.topes.conftest import M, poner_tope
from topes.eventos import Eventos as Acciones
from topes.models import TopeUsuario

pytestmark = pytest.mark.django_db


def _url(usuario) -> str:
    return f"/administracion/topes/usuario/{usuario.pk}/"


def _datos(asignaciones, servicios, valores=("0", "0", "0"), **extra) -> dict:
    datos = {}
    for a in asignaciones:
        for s in servicios.values():
            for campo, v in zip(("transaccion", "diario", "mensual"), valores, strict=True):
                datos[f"t_{a.pk}_{s.pk}_{campo}"] = v
    datos.update(extra)
    return datos


def test_anonymous_redirected_to_login(client, secundario):
    r = client.get(_url(secundario))
    assert r.status_code == 302 and r.url.startswith("/?next=")


def test_secondary_user_forbidden(client, secundario):
    login_portal(client, secundario)
    assert client.get(_url(secundario)).status_code == 403


def test_outsider_gets_404(cliente_otra, secundario, asignaciones, servicios):
    assert cliente_otra.get(_url(secundario)).status_code == 404
    assert cliente_otra.post(_url(secundario), {"accion": "replicar", "rep_transaccion": "1"}).status_code == 404


def test_tab_shows_services_grouped_with_product_rows(cliente_admin, secundario, asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 1234567, 2 * M, 3 * M)
    r = cliente_admin.get(_url(secundario))
    html = r.content.decode()
    assert r.status_code == 200
    for texto in ["Asignar Topes", "Servicios Monetarios", "Archivos", "Pagos - A Terceros", "Pagos - Impuestos",
                  "Transferencias - Internas, Aval y otros Bancos", "Pagos de Nómina", "Pagos a Proveedores",
                  "Tipo Producto", "No. Producto", "Nombre Producto", "Transacción", "Diario", "Mensual",
                  "Cuenta Ahorros", "015829393", "CAHOFelipe", "Expandir Todos", "Contraer Todos",
                  "Ingrese los valores a replicar en todos los servicios", "Clave Dinámica Token"]:
        assert texto in html, texto
    assert 'value="$1.234.567,00"' in html
    assert html.index("Servicios Monetarios") < html.index("Archivos")


def test_a_product_the_bank_disabled_is_marked(cliente_admin, secundario, asignaciones, servicios, techos):
    from admin_usuarios.models import Producto

    Producto.objects.filter(pk=asignaciones[0].producto_id).update(habilitado=False)
    html = cliente_admin.get(_url(secundario)).content.decode()
    assert html.count("Deshabilitado por el banco") == len(servicios)  # once per service block
    assert f"{asignaciones[0].producto.nombre} <span class=\"badge text-bg-secondary\">Deshabilitado" in html


def test_user_without_products_is_told_so(cliente_admin, secundario, servicios):
    r = cliente_admin.get(_url(secundario))
    assert "no tiene productos asignados" in r.content.decode()


def test_replicate_fills_every_row_server_side(cliente_admin, secundario, asignaciones, servicios, techos):
    datos = _datos(asignaciones, servicios, ("1", "2", "3"), accion="replicar",
                   rep_transaccion="1.500.000", rep_diario="", rep_mensual="10000000,5")
    r = cliente_admin.post(_url(secundario), datos)
    html = r.content.decode()
    assert r.status_code == 200
    a, s = asignaciones[1], servicios["pagos-proveedores"]
    assert f'name="t_{a.pk}_{s.pk}_transaccion" id="t_{a.pk}_{s.pk}_transaccion" value="$1.500.000,00"' in html
    assert f'name="t_{a.pk}_{s.pk}_diario" id="t_{a.pk}_{s.pk}_diario" value="2"' in html  # blank → untouched
    assert f'name="t_{a.pk}_{s.pk}_mensual" id="t_{a.pk}_{s.pk}_mensual" value="$10.000.000,50"' in html
    assert html.count('value="$1.500.000,00"') == len(asignaciones) * len(servicios)
    assert not TopeUsuario.objects.exists()  # replicate only fills the form


def test_replicate_with_bad_value_marks_the_field(cliente_admin, secundario, asignaciones, servicios, techos):
    r = cliente_admin.post(_url(secundario), _datos(asignaciones, servicios, accion="replicar",
                                                    rep_transaccion="-5", rep_diario="abc"))
    html = r.content.decode()
    assert "no puede ser negativo" in html and "Ingrese solo números" in html
    assert 'value="-5"' in html and 'value="abc"' in html


def test_wrong_cells_marked_and_typed_values_kept(cliente_admin, secundario, asignaciones, servicios, techos):
    a, s = asignaciones[0], servicios["pagos-terceros"]
    datos = _datos(asignaciones, servicios, accion="guardar", codigo_token="123456")
    datos[f"t_{a.pk}_{s.pk}_transaccion"] = "25.000.000"       # above the company's 20 M
    datos[f"t_{a.pk}_{s.pk}_diario"] = "1.000.000,999"          # three decimals
    datos[f"t_{a.pk}_{s.pk}_mensual"] = "doce"                  # letters
    b = asignaciones[1]
    datos[f"t_{b.pk}_{s.pk}_transaccion"] = "5.000.000"
    datos[f"t_{b.pk}_{s.pk}_diario"] = "4.000.000"              # transacción > diario
    datos[f"t_{b.pk}_{s.pk}_mensual"] = "9.000.000"
    r = cliente_admin.post(_url(secundario), datos)
    html = r.content.decode()
    assert r.status_code == 200
    for texto in ['value="25.000.000"', 'value="1.000.000,999"', 'value="doce"', 'value="4.000.000"',
                  "máximo dos decimales", "Ingrese solo números", "Transacción no puede ser mayor que Diario"]:
        assert texto in html, texto
    assert html.count("is-invalid") >= 3
    assert f'id="t_{a.pk}_{s.pk}_diario_error"' in html
    assert not TopeUsuario.objects.exists()
    # The token code was not asked for yet: a bad grid never consumes or audits it.
    assert not Evento.objects.filter(accion="STEPUP_FALLIDO").exists()


def test_company_amount_shown_in_cell_error(cliente_admin, secundario, asignaciones, servicios, techos):
    a, s = asignaciones[0], servicios["pagos-terceros"]
    datos = _datos(asignaciones, servicios, accion="guardar")
    datos[f"t_{a.pk}_{s.pk}_transaccion"] = "25.000.000"
    datos[f"t_{a.pk}_{s.pk}_diario"] = "25.000.000"
    datos[f"t_{a.pk}_{s.pk}_mensual"] = "25.000.000"
    html = cliente_admin.post(_url(secundario), datos).content.decode()
    assert "Supera el monto de la empresa: $20.000.000,00." in html


def test_step_up_required(cliente_admin, admin, secundario, asignaciones, servicios, techos):
    datos = _datos(asignaciones, servicios, ("1.000.000", "2.000.000", "3.000.000"), accion="guardar")
    r = cliente_admin.post(_url(secundario), datos)
    assert "Ingrese el código de su token para confirmar." in r.content.decode()
    assert 'value="1.000.000"' in r.content.decode()
    r = cliente_admin.post(_url(secundario), {**datos, "codigo_token": "000000" if codigo_fresco(admin.device) != "000000" else "111111"})
    assert "no es válido" in r.content.decode()
    assert not TopeUsuario.objects.exists()
    assert Evento.objects.filter(accion="STEPUP_FALLIDO", actor=admin).count() == 1


def test_save_with_token_in_one_go_and_audited(cliente_admin, admin, secundario, asignaciones, servicios, techos):
    datos = _datos(asignaciones, servicios, ("1.000.000", "2.000.000", "3.000.000,50"), accion="guardar",
                   codigo_token=codigo_fresco(admin.device))
    r = cliente_admin.post(_url(secundario), datos)
    assert r.status_code == 302 and r.url == _url(secundario)
    assert TopeUsuario.objects.filter(asignacion__usuario=secundario).count() == len(asignaciones) * len(servicios)
    evento = Evento.objects.get(accion=Acciones.TOPES_USUARIO)
    assert evento.actor == admin and evento.objetivo == secundario
    assert len(evento.detalles["despues"]) == len(asignaciones) * len(servicios) * 3
    assert evento.detalles["despues"]["251830758/pagos-nomina/mensual"] == "3000000.50"
    html = cliente_admin.get(_url(secundario)).content.decode()
    assert "Topes guardados" in html and 'value="$3.000.000,50"' in html


def test_get_query_count_does_not_grow_with_products(cliente_admin, secundario, empresa, servicios, techos,
                                                      django_assert_max_num_queries):
    from admin_usuarios.models import ProductoAsignado
    from tests.factories import crear_producto

    for n in range(3):
        ProductoAsignado.objects.create(usuario=secundario, producto=crear_producto(empresa, f"P{n}", f"{n:09d}"))
    with django_assert_max_num_queries(20) as pocos:
        cliente_admin.get(_url(secundario))
    for n in range(3, 40):
        ProductoAsignado.objects.create(usuario=secundario, producto=crear_producto(empresa, f"P{n}", f"{n:09d}"))
    with django_assert_max_num_queries(len(pocos.captured_queries)):
        cliente_admin.get(_url(secundario))
