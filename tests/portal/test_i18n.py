"""Spanish by default, complete English when switched."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
PO = RAIZ / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _msgids(texto: str) -> set[str]:
    ids, actual, en_id = set(), [], False
    for linea in texto.splitlines():
        if linea.startswith("msgid "):
            actual, en_id = [linea[6:]], True
        elif linea.startswith('"') and en_id:
            actual.append(linea)
        else:
            if en_id and actual:
                ids.add("".join(s.strip()[1:-1] for s in actual))
            en_id = False
    return ids - {""}


@pytest.mark.django_db
def test_spanish_by_default_and_english_when_switched(client):
    assert "Por favor ingrese datos de su Usuario" in client.get("/").content.decode()
    r = client.post("/i18n/idioma/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    body = client.get("/").content.decode()
    assert "Please enter your User details" in body
    assert "Por favor ingrese datos de su Usuario" not in body
    assert "En Español" in body
    client.post("/i18n/idioma/", {"language": "es", "next": "/"})
    assert "Por favor ingrese datos de su Usuario" in client.get("/").content.decode()


@pytest.mark.django_db
def test_generic_login_error_is_translated(client, secundario):
    from tests.factories import login_portal

    client.post("/i18n/idioma/", {"language": "en", "next": "/"})
    r = login_portal(client, secundario, clave="Mala2024xx")
    assert "Login was not possible" in r.content.decode()


def test_every_string_has_an_english_translation():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt not installed")
    r = subprocess.run([msgfmt, "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True,
                       env={"LC_ALL": "C"})
    assert r.returncode == 0, r.stderr
    assert "untranslated" not in r.stderr and "fuzzy" not in r.stderr, r.stderr


def test_no_source_string_is_missing_from_the_catalogue(tmp_path):
    """makemessages over a copy of the tree finds no string the catalogue lacks."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext not installed")
    copia = tmp_path / "src"
    ignorar = shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "__pycache__", "tests", "bench", "*.mo")
    shutil.copytree(RAIZ, copia, ignore=ignorar)
    r = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
        cwd=copia, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    nuevos = _msgids((copia / "locale/en/LC_MESSAGES/django.po").read_text())
    faltan = nuevos - _msgids(PO.read_text())
    assert not faltan, f"strings missing from locale/en: {sorted(faltan)[:20]}"


def test_msgid_parser_reads_multiline_entries():
    texto = 'msgid ""\nmsgstr ""\n\nmsgid "uno"\nmsgstr "one"\n\nmsgid ""\n"dos "\n"tres"\nmsgstr ""\n'
    assert _msgids(texto) == {"uno", "dos tres"}
    assert re.escape("x")


@pytest.mark.django_db
def test_browser_language_does_not_override_spanish_default(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Por favor ingrese datos de su Usuario" in body
