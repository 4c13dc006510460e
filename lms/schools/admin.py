"""Places, schools, school years and classes in /django-admin/ for the system administrator.
Provinces and wards come from the official data and are read-only; schools are usually
imported with `manage.py import_schools`."""

from django.contrib import admin

from .models import Classroom, Province, School, SchoolYear, Ward


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "division_type")
    search_fields = ("code", "name")


@admin.register(Ward)
class WardAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "province")
    list_filter = ("province",)
    search_fields = ("code", "name")
    list_select_related = ("province",)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "province", "ward", "is_active")
    list_filter = ("level", "is_active", "province")
    search_fields = ("code", "name")
    list_select_related = ("province", "ward")
    raw_id_fields = ("ward",)


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "school_year", "grade", "age_band", "archived_at")
    list_filter = ("school_year", "age_band")
    search_fields = ("name", "school__name", "school__code")
    list_select_related = ("school", "school_year")
    raw_id_fields = ("school", "teachers")
