"""Generated temporary passwords (Generar Contraseña).

The clear password exists only in memory while its email is being rendered:
`do_generar_clave` (admin_usuarios.actions) queues an outbox row that carries
no secret, and the `clave_temporal` preparer below makes the password at send
time, stores only its hash, and hands the clear value to the email template.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from admin_usuarios.models import Usuario
from comun.correo import preparador
from comun.models import CorreoSaliente

VIGENCIA = dt.timedelta(hours=48)
_LETRAS = "".join(c for c in string.ascii_letters if c not in "lIO")  # no look-alikes
_DIGITOS = "23456789"


def clave_aleatoria(usuario: Usuario) -> str:
    """A random password that satisfies the configured password validators."""
    while True:
        n_letras = 6 + secrets.randbelow(3)  # 6–8 letters
        n_digitos = 2 + secrets.randbelow(min(3, 11 - n_letras))  # 2–4 digits, total ≤ 10
        chars = [secrets.choice(_LETRAS) for _ in range(n_letras)]
        chars += [secrets.choice(_DIGITOS) for _ in range(n_digitos)]
        secrets.SystemRandom().shuffle(chars)
        clave = "".join(chars)
        try:
            password_validation.validate_password(clave, usuario)
        except ValidationError:
            continue
        return clave


@preparador("clave_temporal")
def preparar_clave_temporal(correo: CorreoSaliente) -> dict:
    """Runs inside the outbox's sending transaction: make, hash and hand over the password."""
    usuario = Usuario.objects.select_for_update().get(pk=correo.usuario_id)
    clave = clave_aleatoria(usuario)
    usuario.set_password(clave)
    usuario.debe_cambiar_clave = True
    usuario.clave_temporal_usada = False
    usuario.clave_temporal_expira = timezone.now() + VIGENCIA
    usuario.save(update_fields=["password", "debe_cambiar_clave", "clave_temporal_usada", "clave_temporal_expira"])
    return {"clave": clave, "expira": usuario.clave_temporal_expira, "username": usuario.username}
