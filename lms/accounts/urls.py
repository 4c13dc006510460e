from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("badge/<str:token>/", views.badge_login, name="badge_login"),
    # Before allauth's own URL of the same path (lms/urls.py includes this module first).
    path("password/change/", views.password_change, name="password_change"),
]
