from django.urls import URLPattern, URLResolver, path

from diplomatie.parapheur import views

app_name = "parapheur"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_parapheur, name="mine"),
    path("modeles/", views.templates, name="templates"),
    path("absences/", views.delegations, name="delegations"),
    path(
        "absences/<int:delegation_id>/annuler/",
        views.cancel_delegation,
        name="cancel_delegation",
    ),
    path("demarrer/<int:publication_id>/", views.start, name="start"),
    path("<int:circuit_id>/", views.circuit, name="circuit"),
    path("<int:circuit_id>/etapes/<int:step_id>/", views.act, name="act"),
    path("<int:circuit_id>/retirer/", views.withdraw, name="withdraw"),
    path("<int:circuit_id>/document.pdf", views.document, name="document"),
    path(
        "publications/<int:publication_id>/signe.pdf",
        views.signed_document,
        name="signed_document",
    ),
    path(
        "<int:circuit_id>/bordereau.<str:fmt>",
        views.evidence,
        name="evidence",
    ),
]
