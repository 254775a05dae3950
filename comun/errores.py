"""One exception for a change refused by a business rule.

Actions raise `AccionRechazada` with the message meant for the person (already
translated) and, when it belongs to one field, that field's name. Views either
put it on their form with `en_formulario`, or let it propagate: the
`AccionRechazadaMiddleware` turns it into a message on the same page (one place,
as the HackSoft styleguide's error handling), so a refused action never ends in a
server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError


class AccionRechazada(ValidationError):
    """A ValidationError too, so that a form's clean() or an `except ValidationError` of a
    view treats a refusal like any other validation message."""

    def __init__(self, mensaje: str, *, campo: str | None = None, codigo: str = "rechazada") -> None:
        super().__init__(str(mensaje), code=codigo)
        self.mensaje = str(mensaje)
        self.campo = campo
        self.codigo = codigo

    def __str__(self) -> str:
        return self.mensaje


@contextmanager
def en_formulario(form: forms.BaseForm) -> Iterator[None]:
    """Run an action; a refusal becomes an error of `form` (next to its field when it names one).

    Check `form.errors` (or `form.is_valid()`) after the block to know whether it went through.
    """
    try:
        yield
    except AccionRechazada as exc:
        campo = exc.campo if exc.campo in form.fields else None
        form.add_error(campo, exc.mensaje)
