"""The session engine (settings.SESSION_ENGINE): Django's database sessions, stored in
``AccountSession`` with the signed-in account's id in its own column. ``sessions_end`` signs an
account out everywhere, e.g. when a learner's account is deleted or a teacher is deactivated."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import AccountSession

        return AccountSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.account_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.account_id = None
        return instance


def sessions_end(*, user) -> int:
    """End every session of this account (on every device). Returns how many."""
    from .models import AccountSession

    deleted, _ = AccountSession.objects.filter(account_id=user.pk).delete()
    return deleted
