"""Accent-insensitive text: one normalisation, in the database and in Python.

`SinAcentos(expr)` is SQL `occired_unaccent(expr)`. On PostgreSQL that is an
IMMUTABLE wrapper around the `unaccent` extension (created by migration
admin_usuarios 0009; `unaccent()` itself is only STABLE, and a generated column
or an index may only use IMMUTABLE functions). On SQLite, the development
database, it is `sin_acentos` below, registered as a deterministic function on
every new connection (ComunConfig.ready), so a generated column may use it too.
"""

from __future__ import annotations

import unicodedata

from django.db.models import CharField, Func
from django.db.models.functions import Upper

FUNCION_SQL = "occired_unaccent"

# Letters that Unicode does not decompose into base + accent but `unaccent` maps all the same.
_SUELTAS = str.maketrans({
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th",
})


def sin_acentos(texto: str | None) -> str | None:
    """'Pérez Muñoz' -> 'Perez Munoz': the letters without their accents (as PostgreSQL's unaccent)."""
    if texto is None:
        return None
    descompuesto = unicodedata.normalize("NFKD", texto.translate(_SUELTAS))
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


class SinAcentos(Func):
    function = FUNCION_SQL
    arity = 1
    output_field = CharField()


def registrar_en_sqlite(sender, connection, **kwargs) -> None:
    """connection_created receiver: gives SQLite the same function PostgreSQL gets from the migration."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCION_SQL, 1, sin_acentos, deterministic=True)


def para_buscar(expresion) -> Func:
    """What a text search compares: without accents, then upper-cased (after unaccent the letters are
    ASCII, which every UPPER handles the same way). Used for the stored column and the searched text."""
    return Upper(SinAcentos(expresion))
