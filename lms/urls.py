from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("lms.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("start/", views.home_for_role, name="home_for_role"),
    path("help/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
    path("learn/", include("lms.learn.urls")),
    path("teacher/", include("teacher_portal.urls")),
    path("dashboard/", include("analytics.urls")),
    path("xapi/", include("analytics.xapi.urls")),
    path("", include(wagtail_urls)),
]

if settings.SERVE_MEDIA:
    # Uploaded images and documents, for a single-server install; behind a web server,
    # let it serve MEDIA_ROOT instead (docs/deployment.md).
    from django.urls import re_path
    from django.views.static import serve

    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns = [
        re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ] + urlpatterns
