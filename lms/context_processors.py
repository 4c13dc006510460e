from django.conf import settings


def platform(request):
    return {
        "HELP_HOTLINE": settings.HELP_HOTLINE,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SOURCE_CODE_URL": settings.SOURCE_CODE_URL,
    }
