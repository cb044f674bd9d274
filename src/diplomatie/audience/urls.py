from django.urls import URLPattern, URLResolver, path

from diplomatie.audience import views

app_name = "audience"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("suivis/", views.follows, name="follows"),
    path("suivre/", views.follow, name="follow"),
    path("publication/<int:publication_id>/noter/", views.rate, name="rate"),
    path("publication/<int:publication_id>/", views.publication, name="publication"),
    path(
        "publication/<int:publication_id>/export.csv",
        views.publication_export,
        name="publication_export",
    ),
    path(
        "publication/<int:publication_id>/<slug:plot>.svg",
        views.publication_plot,
        name="publication_plot",
    ),
    path("<slug:key>/", views.scope, name="scope"),
    path("<slug:key>/export.csv", views.scope_export, name="scope_export"),
    path("<slug:key>/<slug:plot>.svg", views.scope_plot, name="scope_plot"),
]
