"""Generated password through the outbox: made at send time, only its hash stored."""

import pytest
from django.core import mail

from admin_usuarios.actions.claves import do_generar_clave
from comun.correo import enviar
from comun.models import CorreoSaliente

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_password_is_made_at_send_time_and_sent_once(admin, secundario):
    correo = do_generar_clave(secundario, actor=admin)
    assert len(mail.outbox) == 1  # eager Celery after commit
    correo.refresh_from_db()
    assert correo.estado == CorreoSaliente.Estado.ENVIADO
    cuerpo = mail.outbox[0].body
    clave = cuerpo.split("Contraseña temporal: ")[1].split()[0]
    secundario.refresh_from_db()
    assert secundario.check_password(clave) and secundario.debe_cambiar_clave
    assert clave not in str(correo.contexto)
    assert clave not in secundario.password
    # Running the task again sends nothing and keeps the same password.
    assert enviar(correo.pk) is False
    assert len(mail.outbox) == 1
    secundario.refresh_from_db()
    assert secundario.check_password(clave)
