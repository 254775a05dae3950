from django.contrib.auth.backends import ModelBackend

from admin_usuarios.models import Usuario


class PortalBackend(ModelBackend):
    """ModelBackend that loads the user's company and profile with the user (one query per request).

    Inactive users (any state but Activo) get no user back, so inactivating or
    blocking someone ends their live session on their next request.
    """

    def get_user(self, user_id):
        try:
            user = Usuario.objects.select_related("empresa", "perfil").get(pk=user_id)
        except Usuario.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
