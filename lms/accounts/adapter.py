from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: teachers create learners, administrators create adults.

    allauth has no Vietnamese catalogue; the messages a person can meet while signing in are
    restated here with our own msgids, translated in lms/accounts/locale.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is locked. Ask your teacher or your school."),
        "email_password_mismatch": _("The email address or the password is not right."),
        "username_password_mismatch": _(
            "The username or the password is not right. Check the card and try again."
        ),
        "invalid_login": _("The username or the password is not right."),
        "too_many_login_attempts": _(
            "Too many wrong tries. Wait five minutes and try again, or ask your teacher for help."
        ),
        "enter_current_password": _("Type your current password."),
        "incorrect_password": _("The password is not right."),
        "rate_limited": _("Too many requests. Wait a minute and try again."),
        "same_as_current": _("The new password must be different from the current one."),
    }

    def is_open_for_signup(self, request):
        return False
