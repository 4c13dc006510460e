from django.urls import path

from . import views

app_name = "learn"
urlpatterns = [
    path("", views.home, name="home"),
    path("practice/<slug:lesson_key>", views.practice, name="practice"),
]
