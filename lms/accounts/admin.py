"""The system administrator's view of accounts (/django-admin/): mainly to create school
administrators and officials. Teachers are added by their school administrator and learners
by their teachers, in the portal."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "school", "province", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "school__name", "school__code")
    list_select_related = ("school", "province")
    raw_id_fields = ("school", "province")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Place in the platform"),
            {"fields": ("role", "display_name", "email", "school", "province", "birth_year")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "role",
                    "school",
                    "province",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
