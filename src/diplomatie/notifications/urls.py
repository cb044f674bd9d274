from django.urls import path

from diplomatie.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
]
