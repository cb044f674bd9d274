from django.urls import path

from diplomatie.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("export.csv", views.export, name="export"),
    path("verifier/", views.verify, name="verify"),
]
