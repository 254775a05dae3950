"""The client's IP address, the one fact every security check starts from."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own trusted proxies put in X-Forwarded-For.

    Only the last N hops (N = OCCIRED_PROXIES_CONFIABLES) are trusted: anything a
    client writes into the header itself sits to the left of them and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104
    hops = settings.OCCIRED_PROXIES_CONFIABLES
    if hops > 0:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                ipaddress.ip_address(candidate)
                return candidate
            except ValueError:
                pass
    return remote
