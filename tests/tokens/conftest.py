"""Fixtures of the token tests: the company's quota and serial pool (seed 003)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tokens.models import CupoTokens, TokenVirtual

SERIALES = [f"FEF49000{n}" for n in range(31, 36)]


@pytest.fixture
def admin(admin):
    """The company administrator; their device accepts a wider window so that one test
    can confirm several operations within 30 s (each code is still usable once only)."""
    TOTPDevice.objects.filter(pk=admin.device.pk).update(tolerance=6)
    admin.device.refresh_from_db()
    return admin


@pytest.fixture
def admin_otra(admin_otra):
    TOTPDevice.objects.filter(pk=admin_otra.device.pk).update(tolerance=6)
    admin_otra.device.refresh_from_db()
    return admin_otra


@pytest.fixture
def inventario(empresa):
    """Quota 6 and five Disponible serials (the sixth serial is the admin's own token)."""
    CupoTokens.objects.create(empresa=empresa, cantidad=6)
    return [TokenVirtual.objects.create(empresa=empresa, serial=s) for s in SERIALES]


@pytest.fixture
def inventario_otra(otra_empresa):
    CupoTokens.objects.create(empresa=otra_empresa, cantidad=3)
    return [TokenVirtual.objects.create(empresa=otra_empresa, serial=s) for s in ["FEF5100002", "FEF5100003"]]
