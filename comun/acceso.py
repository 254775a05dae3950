"""Role gates shared by every app's views. Object access (tenancy) lives in each app's access.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def administrador_requerido(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; a company user who is not its administrator → 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.empresa_id and user.es_administrador):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
