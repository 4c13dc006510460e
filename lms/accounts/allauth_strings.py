"""allauth messages our pages can show that do not pass through the adapter or through a
template we override, kept here so `makemessages` keeps their Vietnamese translation in
lms/accounts/locale (allauth ships no Vietnamese). Never imported for anything else."""

from django.utils.translation import gettext_noop

STRINGS = (gettext_noop("You must type the same password each time."),)
