import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from comun.tasks import limpiar_sesiones

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_cleared():
    vieja, nueva = SessionStore(), SessionStore()
    vieja.create()
    nueva.create()
    Session.objects.filter(session_key=vieja.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    limpiar_sesiones()
    assert list(Session.objects.values_list("session_key", flat=True)) == [nueva.session_key]
