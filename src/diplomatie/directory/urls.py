from django.urls import path

from diplomatie.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_tree, name="tree"),
    path("o/<slug:code>/", views.organisation_detail, name="organisation"),
    path("personnes/", views.people, name="people"),
    path("personnes/<int:agent_id>/", views.agent_profile, name="agent"),
    path("droits-des-membres-externes/", views.external_rights, name="external_rights"),
]
