"""The bank's password rules (SPEC "Login" 7) as Django password validators.

Each rule is one class with its limits in settings.AUTH_PASSWORD_VALIDATORS, so
the bank can tune them without code changes; `get_help_text` is what the user
sees next to the password fields.
"""

from __future__ import annotations

import re

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class AlfanumericoValidator:
    def validate(self, password: str, user=None) -> None:
        if not re.fullmatch(r"[A-Za-z0-9]*", password or ""):
            raise ValidationError(
                _("La clave debe ser alfanumérica: solo letras y números, sin espacios ni caracteres especiales."),
                code="clave_no_alfanumerica",
            )

    def get_help_text(self) -> str:
        return _("Solo letras y números, sin caracteres especiales.")


class LongitudValidator:
    def __init__(self, min_length: int = 8, max_length: int = 10) -> None:
        self.min_length, self.max_length = min_length, max_length

    def validate(self, password: str, user=None) -> None:
        if not self.min_length <= len(password) <= self.max_length:
            raise ValidationError(
                _("La clave debe tener entre %(min)d y %(max)d caracteres.")
                % {"min": self.min_length, "max": self.max_length},
                code="clave_longitud",
            )

    def get_help_text(self) -> str:
        return _("Entre %(min)d y %(max)d caracteres.") % {"min": self.min_length, "max": self.max_length}


class ComposicionValidator:
    def __init__(self, min_letters: int = 6, min_digits: int = 2, max_digits: int = 4) -> None:
        self.min_letters, self.min_digits, self.max_digits = min_letters, min_digits, max_digits

    def validate(self, password: str, user=None) -> None:
        letters = sum(c.isalpha() for c in password)
        digits = sum(c.isdigit() for c in password)
        if letters < self.min_letters:
            raise ValidationError(
                ngettext(
                    "La clave debe contener al menos %(n)d letra.",
                    "La clave debe contener al menos %(n)d letras.",
                    self.min_letters,
                )
                % {"n": self.min_letters},
                code="clave_pocas_letras",
            )
        if not self.min_digits <= digits <= self.max_digits:
            raise ValidationError(
                _("La clave debe contener entre %(min)d y %(max)d números.")
                % {"min": self.min_digits, "max": self.max_digits},
                code="clave_digitos",
            )

    def get_help_text(self) -> str:
        return _("Al menos %(letters)d letras y entre %(min)d y %(max)d números.") % {
            "letters": self.min_letters,
            "min": self.min_digits,
            "max": self.max_digits,
        }


class RepeticionValidator:
    def __init__(self, max_run: int = 2) -> None:
        self.max_run = max_run

    def validate(self, password: str, user=None) -> None:
        pattern = rf"(.)\1{{{self.max_run},}}"
        if re.search(pattern, password.lower()):
            raise ValidationError(
                _("La clave no puede repetir el mismo carácter más de %(n)d veces seguidas.") % {"n": self.max_run},
                code="clave_repetida",
            )

    def get_help_text(self) -> str:
        return _("Sin un mismo carácter más de %(n)d veces seguidas.") % {"n": self.max_run}


class DistintaDeUsuarioValidator:
    def validate(self, password: str, user=None) -> None:
        username = getattr(user, "username", "") or ""
        if username and password.lower() == username.lower():
            raise ValidationError(_("La clave no puede ser igual al usuario."), code="clave_igual_usuario")

    def get_help_text(self) -> str:
        return _("Distinta de su usuario.")


class HistorialValidator:
    def __init__(self, history: int = 5) -> None:
        self.history = history

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        previous = [user.password] if user.password else []
        previous += list(user.claves_anteriores.values_list("password", flat=True)[: self.history - 1])
        if any(check_password(password, encoded) for encoded in previous[: self.history]):
            raise ValidationError(
                _("La clave no puede ser igual a ninguna de sus últimas %(n)d claves.") % {"n": self.history},
                code="clave_reutilizada",
            )

    def get_help_text(self) -> str:
        return _("Distinta de sus últimas %(n)d claves.") % {"n": self.history}
