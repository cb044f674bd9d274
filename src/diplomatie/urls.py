from django.contrib import admin
from django.urls import include, path

from diplomatie.core import views as core_views
from diplomatie.directory import views as directory_views
from diplomatie.journal import views as journal_views

admin.site.site_header = "Diplomatie"
admin.site.site_title = "Diplomatie"

urlpatterns = [
    path("", journal_views.journal, name="home"),
    path("moi/", directory_views.me, name="me"),
    path("sante/", core_views.health, name="health"),
    path("compte/", include("diplomatie.accounts.urls")),
    path("annuaire/", include("diplomatie.directory.urls")),
    path("publications/", include("diplomatie.publications.urls")),
    path("taches/", include("diplomatie.routing.urls")),
    path("notifications/", include("diplomatie.notifications.urls")),
    path("communautes/", include("diplomatie.communities.urls")),
    path("audience/", include("diplomatie.audience.urls")),
    path("signatures/", include("diplomatie.signatures.urls")),
    path("parapheur/", include("diplomatie.parapheur.urls")),
    path("audit/", include("diplomatie.audit.urls")),
    path("admin/", admin.site.urls),
]
