"""Field validators for company data (NIT, IP networks)."""

import ipaddress

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.co import nit as stdnum_nit


def validar_nit(value: str) -> None:
    """A Colombian NIT with its check digit, e.g. 900123456-8."""
    if not stdnum_nit.is_valid(value):
        raise ValidationError(
            _("El NIT no es válido: revise los dígitos y el dígito de verificación (ej. 900123456-8)."),
            code="nit_invalido",
        )


def validar_red_ip(value: str) -> None:
    """An IPv4 or IPv6 address, or a network in CIDR notation."""
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            _("Ingrese una dirección IPv4 o IPv6, o una red en notación CIDR (ej. 200.14.232.0/24)."),
            code="ip_invalida",
        ) from None
