from django.urls import path

from . import views

app_name = "teacher_portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:classroom_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:classroom_id>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:classroom_id>/archive/", views.class_archive, name="class_archive"),
    path("classes/<int:classroom_id>/restore/", views.class_unarchive, name="class_unarchive"),
    path("classes/<int:classroom_id>/learners/add/", views.learner_add, name="learner_add"),
    path("classes/<int:classroom_id>/learners/import/", views.roster_import, name="roster_import"),
    path(
        "classes/<int:classroom_id>/learners/import/confirm/",
        views.roster_confirm,
        name="roster_confirm",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/",
        views.learner_detail,
        name="learner_detail",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/password/",
        views.learner_password,
        name="learner_password",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/consent/",
        views.learner_consent,
        name="learner_consent",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/remove/",
        views.learner_remove,
        name="learner_remove",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/restore/",
        views.learner_restore,
        name="learner_restore",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/delete/",
        views.learner_delete,
        name="learner_delete",
    ),
    path(
        "classes/<int:classroom_id>/learners/<int:learner_id>/badges/<int:badge_id>/revoke/",
        views.badge_revoke,
        name="badge_revoke",
    ),
    path("classes/<int:classroom_id>/consent/", views.class_consent, name="class_consent"),
    path("classes/<int:classroom_id>/cards/", views.class_cards, name="class_cards"),
    path("classes/<int:classroom_id>/assignments/", views.assignments, name="assignments"),
    path(
        "classes/<int:classroom_id>/assignments/new/",
        views.assignment_create,
        name="assignment_create",
    ),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/edit/",
        views.assignment_edit,
        name="assignment_edit",
    ),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/remove/",
        views.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "classes/<int:classroom_id>/assignments/<int:assignment_id>/restore/",
        views.assignment_restore,
        name="assignment_restore",
    ),
    path("classes/<int:classroom_id>/progress/", views.class_progress, name="class_progress"),
    path(
        "classes/<int:classroom_id>/progress/<int:module_id>/",
        views.class_module_progress,
        name="class_module_progress",
    ),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:module_key>/", views.guide_detail, name="guide_detail"),
    path("school/", views.school, name="school"),
    path("school/teachers/", views.school_teachers, name="school_teachers"),
    path("school/teachers/new/", views.school_teacher_add, name="school_teacher_add"),
]
