from django.urls import path, re_path

from . import views

app_name = "analytics"
urlpatterns = [
    # The nation (national officials); province officials are sent to their province.
    path("", views.home, name="home"),
    path("export/<slug:table>.<slug:fmt>", views.national_export, name="national_export"),
    # A province by its official two-digit code; unknown codes get the 404 page.
    path("<str:code>/", views.province, name="province"),
    path(
        "<str:code>/export/<slug:table>.<slug:fmt>", views.province_export, name="province_export"
    ),
    path("<str:code>/report/", views.province_report, name="province_report"),
    path("<str:code>/report.xlsx", views.province_report_xlsx, name="province_report_xlsx"),
    # One unit of the province.
    path("<str:code>/schools/<str:school_code>/", views.school, name="school"),
    path(
        "<str:code>/schools/<str:school_code>/export/<slug:table>.<slug:fmt>",
        views.school_export,
        name="school_export",
    ),
    # Anything else under /dashboard/: the dashboards' own 404 page, in Vietnamese.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
