from django.urls import path

from . import views

app_name = "xapi"
urlpatterns = [
    path("statements", views.statements, name="statements"),
    path("about", views.about, name="about"),
]
