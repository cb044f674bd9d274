from django.urls import path

from diplomatie.publications import views

app_name = "publications"

urlpatterns = [
    path("nouvelle/", views.compose, name="compose"),
    path("brouillons/", views.drafts, name="drafts"),
    path("<int:publication_id>/", views.detail, name="detail"),
    path("<int:publication_id>/modifier/", views.edit, name="edit"),
    path("<int:publication_id>/envoyer/", views.send, name="send"),
    path("<int:publication_id>/supprimer/", views.delete, name="delete"),
    path("<int:publication_id>/accuser-reception/", views.acknowledge, name="acknowledge"),
    path("<int:publication_id>/lu/", views.mark_read, name="mark_read"),
    path("<int:publication_id>/pieces/", views.add_attachment, name="add_attachment"),
    path(
        "<int:publication_id>/pieces/<int:attachment_id>/",
        views.download,
        name="attachment",
    ),
]
