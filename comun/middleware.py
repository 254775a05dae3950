"""The one place where a refused action that a view did not handle reaches the person."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from comun.errores import AccionRechazada


class AccionRechazadaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AccionRechazada):
            return None
        # Back to the page the person was on (GET), with the reason; nothing was saved.
        messages.error(request, exception.mensaje)
        return redirect(request.get_full_path())
