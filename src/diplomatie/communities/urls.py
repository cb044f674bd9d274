from django.urls import path

from diplomatie.communities import views

app_name = "communities"

urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.create, name="create"),
    path("signalements/<int:report_id>/", views.handle_report, name="handle_report"),
    path(
        "publications/<int:publication_id>/commentaires/", views.post_comment, name="post_comment"
    ),
    path("commentaires/<int:comment_id>/modifier/", views.edit_comment, name="edit_comment"),
    path("commentaires/<int:comment_id>/supprimer/", views.delete_comment, name="delete_comment"),
    path("commentaires/<int:comment_id>/signaler/", views.report_comment, name="report_comment"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/invitation/", views.answer_invitation, name="answer_invitation"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/inviter/", views.invite, name="invite"),
    path("<slug:slug>/membres/<int:membership_id>/role/", views.set_role, name="set_role"),
    path("<slug:slug>/demandes/", views.requests, name="requests"),
    path("<slug:slug>/demandes/<int:membership_id>/", views.decide, name="decide"),
    path("<slug:slug>/wiki/", views.wiki, name="wiki"),
    path("<slug:slug>/wiki/<slug:page>/", views.wiki_page, name="wiki_page"),
    path("<slug:slug>/wiki/<slug:page>/modifier/", views.wiki_edit, name="wiki_edit"),
    path("<slug:slug>/wiki/<slug:page>/historique/", views.wiki_history, name="wiki_history"),
    path("<slug:slug>/wiki/<slug:page>/diff/", views.wiki_diff, name="wiki_diff"),
    path(
        "<slug:slug>/wiki/<slug:page>/historique/<int:number>/",
        views.wiki_revision,
        name="wiki_revision",
    ),
    path(
        "<slug:slug>/wiki/<slug:page>/historique/<int:number>/restaurer/",
        views.wiki_revert,
        name="wiki_revert",
    ),
]
