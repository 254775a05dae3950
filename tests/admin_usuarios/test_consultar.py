"""Consultar: filters, keyset pages, page sizes and a flat query count."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admin_usuarios.models import Perfil, Usuario
from admin_usuarios.selectors import paginar, usuarios_filtrados
from comun.texto import para_buscar
from tests.admin_usuarios.conftest import muchos_usuarios
from tests.factories import crear_secundario, crear_usuario

pytestmark = pytest.mark.django_db
URL = "/administracion/usuarios/"


def _usuarios(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td>([A-Za-z0-9]+)</td>", html)


def test_page_shows_columns_and_action(cliente_admin, secundario):
    r = cliente_admin.get(URL)
    body = r.content.decode()
    for texto in ("Usuario", "Nombre Usuario", "Perfil", "Estado", "Configurar y Modificar", "Ver 10 Registros",
                  "Primero", "Último", "Exportar a Excel", "Exportar a PDF", "Imprimir", "Parámetros de Consulta"):
        assert texto in body
    assert "mguerrero" in body and "Pruebas_PRD" in body
    assert reverse("admin_usuarios:principal", args=[secundario.pk]) in body


def test_never_lists_other_companies_or_administrators(cliente_admin, admin, otra_empresa):
    crear_secundario(otra_empresa, username="ajeno1")
    body = cliente_admin.get(URL + "?usuario=ajeno").content.decode()
    assert "ajeno1" not in body
    assert "adelgado" not in _usuarios(cliente_admin.get(URL).content.decode())


def test_forged_profile_of_another_company_filters_nothing_in(cliente_admin, otra_empresa):
    ajeno = crear_secundario(otra_empresa, username="ajeno2")
    body = cliente_admin.get(URL + f"?perfil={ajeno.perfil_id}").content.decode()
    assert "ajeno2" not in body


@pytest.mark.parametrize("filtro,esperado", [
    ({"usuario": "felipe"}, ["Felipe20"]),
    ({"nombre": "david prieto"}, []),
    ({"nombre": "felipe prieto"}, ["Felipe20"]),
    ({"tipo_identificacion": "CE"}, ["ana01"]),
    ({"numero_identificacion": "79123456"}, ["Felipe20"]),
    ({"estado": "INACTIVO"}, ["Felipe20"]),
])
def test_each_filter(cliente_admin, empresa, filtro, esperado):
    crear_secundario(empresa, username="Felipe20", nombres="David Felipe", primer_apellido="Prieto",
                     tipo_identificacion="CC", numero_identificacion="79123456", estado="INACTIVO")
    crear_secundario(empresa, username="ana01", nombres="Ana", primer_apellido="Ruiz",
                     tipo_identificacion="CE", numero_identificacion="123456")
    assert _usuarios(cliente_admin.get(URL, filtro).content.decode()) == esperado


def test_profile_filter(cliente_admin, empresa):
    otro = Perfil.objects.create(empresa=empresa, nombre="Aprobadores")
    crear_usuario(empresa, "sup1", perfil=otro)
    crear_secundario(empresa, username="op1")
    assert _usuarios(cliente_admin.get(URL, {"perfil": otro.pk}).content.decode()) == ["sup1"]


def test_keyset_pages_cover_every_user_once(admin, empresa):
    muchos_usuarios(empresa, 57)
    qs = usuarios_filtrados(admin, {})
    vistos, pagina = [], paginar(qs, total=57, tamano=10)
    while True:
        vistos += [u.username for u in pagina.filas]
        if pagina.siguiente is None:
            break
        pagina = paginar(qs, total=57, tamano=10, numero=pagina.siguiente["numero"], desde=pagina.siguiente["desde"])
    assert vistos == sorted(qs.values_list("username", flat=True)) and len(vistos) == 57
    ultima = paginar(qs, total=57, tamano=10, ultima=True)
    assert ultima.numero == 6 and [u.username for u in ultima.filas] == vistos[50:]
    # Going back from the last page lands on the same boundaries.
    anterior = paginar(qs, total=57, tamano=10, numero=ultima.anterior["numero"], desde=ultima.anterior["desde"])
    assert [u.username for u in anterior.filas] == vistos[40:50]


def test_page_size_and_pager_links(cliente_admin, empresa):
    muchos_usuarios(empresa, 120)
    r = cliente_admin.get(URL, {"tam": 25})
    body = r.content.decode()
    assert len(_usuarios(body)) == 25 and "Ver 25 Registros" in body
    assert "Mostrando registros 1 al 25 de un total de 120" in body
    ultima = cliente_admin.get(URL, {"tam": 25, "ultima": 1}).content.decode()
    assert len(_usuarios(ultima)) == 20
    assert cliente_admin.get(URL, {"tam": 7}).status_code == 200  # an odd size falls back to 10


def _consultas(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_flat_for_10_and_10000_users(cliente_admin, empresa, perfil, monkeypatch):
    # Seeding 10,000 rows can take over 10 s on a busy machine: the session's idle-time write
    # (at most every 10 s) would then add queries that have nothing to do with the users' number.
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    muchos_usuarios(empresa, 10, perfil)
    pocos = _consultas(cliente_admin, URL)
    pocos_ultima = _consultas(cliente_admin, URL + "?ultima=1")
    pocos_nombre = _consultas(cliente_admin, URL + "?nombre=Nombre1")
    muchos_usuarios(empresa, 9990, perfil, prefijo="m")
    assert Usuario.objects.filter(empresa=empresa).count() > 10000
    assert _consultas(cliente_admin, URL) == pocos
    assert _consultas(cliente_admin, URL + "?ultima=1&tam=50") == pocos_ultima
    assert _consultas(cliente_admin, URL + "?nombre=Nombre1") == pocos_nombre


def test_filter_bar_keeps_and_escapes_what_was_typed(cliente_admin, empresa, perfil):
    body = cliente_admin.get(URL, {"usuario": 'x"><script>alert(1)</script>', "perfil": perfil.pk,
                                   "estado": "INACTIVO"}).content.decode()
    assert "<script>alert(1)" not in body
    assert 'value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    assert f'<option value="{perfil.pk}" selected>' in body and '<option value="INACTIVO" selected>' in body
    # Too long: the message sits next to the field and the field points to it.
    body = cliente_admin.get(URL, {"usuario": "u" * 25}).content.decode()
    assert 'aria-invalid="true"' in body and 'id="id_usuario_error"' in body
    assert f'value="{"u" * 25}"' in body


def test_another_companys_profile_is_not_a_filter(cliente_admin, empresa, otra_empresa):
    ajeno = Perfil.objects.create(empresa=otra_empresa, nombre="Ajeno")
    crear_usuario(otra_empresa, "ajeno1", perfil=ajeno)
    body = cliente_admin.get(URL, {"perfil": ajeno.pk}).content.decode()
    assert "Ajeno" not in body and "ajeno1" not in body


def test_each_row_links_to_its_configurar_y_modificar(cliente_admin, empresa):
    usuario = crear_secundario(empresa, "fila01", segundo_apellido="")
    body = cliente_admin.get(URL).content.decode()
    enlace = reverse("admin_usuarios:principal", args=[usuario.pk])
    assert f'href="{enlace}" aria-label="Configurar y Modificar fila01">Configurar y Modificar</a>' in body
    assert "<td>Fila01 Prueba</td><td>Pruebas_PRD</td>" in re.sub(r"\s+<td>", "<td>", body)
    assert "<td>Activo</td>" in body


def test_name_search_ignores_case_and_accents(cliente_admin, empresa):
    crear_secundario(empresa, "amunoz", nombres="Alejandro", primer_apellido="Muñoz", segundo_apellido="Bedoya")
    crear_secundario(empresa, "jzapata", nombres="Juan Pablo", primer_apellido="Zapata", segundo_apellido="")
    assert _usuarios(cliente_admin.get(URL, {"nombre": "muñ"}).content.decode()) == ["amunoz"]
    assert _usuarios(cliente_admin.get(URL, {"nombre": "munoz"}).content.decode()) == ["amunoz"]
    assert _usuarios(cliente_admin.get(URL, {"nombre": "ZaPaT"}).content.decode()) == ["jzapata"]
    assert _usuarios(cliente_admin.get(URL, {"nombre": "pablo zapata"}).content.decode()) == ["jzapata"]
    assert _usuarios(cliente_admin.get(URL, {"nombre": "PÁBLO"}).content.decode()) == ["jzapata"]
    # LIKE wildcards typed by the user are plain characters.
    assert _usuarios(cliente_admin.get(URL, {"nombre": "%"}).content.decode()) == []
    assert _usuarios(cliente_admin.get(URL, {"nombre": "_"}).content.decode()) == []


@pytest.mark.parametrize("texto", ["perez", "PEREZ", "Pérez", "pérez", "PÉREZ", "ángela pérez", "ANGELA PEREZ"])
def test_name_search_finds_perez_however_it_is_typed(cliente_admin, empresa, texto):
    """Issue 15, defect 11: "perez" found nobody, "Pérez" did."""
    crear_secundario(empresa, "aperez", nombres="Ángela", primer_apellido="Pérez", segundo_apellido="Núñez")
    crear_secundario(empresa, "lprieto", nombres="Luis", primer_apellido="Prieto", segundo_apellido="")
    assert _usuarios(cliente_admin.get(URL, {"nombre": texto}).content.decode()) == ["aperez"]


def test_name_search_percent_and_underscore_stay_plain_characters(cliente_admin, empresa):
    crear_secundario(empresa, "aperez", nombres="Ángela", primer_apellido="Pérez", segundo_apellido="")
    crear_secundario(empresa, "raro1", nombres="Raro 100%", primer_apellido="Nom_bre", segundo_apellido="")
    assert _usuarios(cliente_admin.get(URL, {"nombre": "%"}).content.decode()) == ["raro1"]
    assert _usuarios(cliente_admin.get(URL, {"nombre": "p%z"}).content.decode()) == []
    assert _usuarios(cliente_admin.get(URL, {"nombre": "p_rez"}).content.decode()) == []
    assert _usuarios(cliente_admin.get(URL, {"nombre": "nom_b"}).content.decode()) == ["raro1"]


def test_stored_search_column_has_no_accents(empresa):
    usuario = crear_secundario(empresa, "aperez", nombres="Ángela", primer_apellido="Pérez", segundo_apellido="Núñez")
    assert Usuario.objects.values_list("nombre_busqueda", flat=True).get(pk=usuario.pk) == "ANGELA PEREZ NUNEZ"
    Usuario.objects.filter(pk=usuario.pk).update(primer_apellido="Gómez")  # the database keeps it current
    assert Usuario.objects.values_list("nombre_busqueda", flat=True).get(pk=usuario.pk) == "ANGELA GOMEZ NUNEZ"


def test_name_search_on_postgresql_uses_the_trigram_index(requiere_postgres, empresa, admin):
    crear_secundario(empresa, "aperez", nombres="Ángela", primer_apellido="Pérez", segundo_apellido="")
    # The typed text is normalised once, when the query is planned (occired_unaccent is IMMUTABLE):
    # the pattern is a constant, which is what a trigram index can serve.
    plan = usuarios_filtrados(admin, {"nombre": "pérez"}).order_by().values("pk").explain()
    assert "'%PEREZ%'" in plan, plan
    with transaction.atomic(), connection.cursor() as c:
        # A handful of rows: switch off the scans that would read them all, to see the index can serve.
        c.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        plan = Usuario.objects.filter(nombre_busqueda__contains=para_buscar(Value("pérez"))).values("pk").explain()
    assert "usuario_nombre_busqueda_trgm_idx" in plan, plan
    assert list(usuarios_filtrados(admin, {"nombre": "perez"}).values_list("username", flat=True)) == ["aperez"]


MUESTRAS = ["Pérez", "MUÑOZ", "Ángela Núñez", "Güiza", "Çelik", "Strauß", "Søren Æbelø", "Łukasz", "Ðorđe", "plain"]


def test_python_normalisation_matches_the_database_one():
    """SQLite uses comun.texto.sin_acentos; PostgreSQL unaccent: both must strip the same accents."""
    from comun.texto import sin_acentos

    with connection.cursor() as c:
        for texto in MUESTRAS:
            c.execute("SELECT occired_unaccent(%s)", [texto])
            assert c.fetchone()[0] == sin_acentos(texto), texto
    assert sin_acentos("Ángela Pérez Núñez") == "Angela Perez Nunez" and sin_acentos(None) is None
