from django.contrib import admin
from django.urls import include, path

from diplomatie.core import views as core_views

admin.site.site_header = "Diplomatie"
admin.site.site_title = "Diplomatie"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sante/", core_views.health, name="health"),
    path("compte/", include("diplomatie.accounts.urls")),
    path("annuaire/", include("diplomatie.directory.urls")),
    path("admin/", admin.site.urls),
]
