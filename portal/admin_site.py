"""/banco/: Django admin for bank staff only, with OTP required (django-otp)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class BancoAdminSite(OTPAdminSite):
    site_header = _("OcciRed · Funcionarios del banco")
    site_title = _("OcciRed Banco")
    index_title = _("Administración del banco")

    def has_permission(self, request: HttpRequest) -> bool:
        # Staff accounts only, verified with their OTP device, and never a company
        # user (the model forbids is_staff with a company; this checks it again).
        user = request.user
        return super().has_permission(request) and getattr(user, "empresa_id", None) is None


banco_site = BancoAdminSite(name="banco")
