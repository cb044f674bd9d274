from django.urls import path

from diplomatie.routing import views

app_name = "routing"

urlpatterns = [
    path("<int:task_id>/prendre/", views.take, name="take"),
    path("<int:task_id>/attribuer/", views.assign, name="assign"),
    path("<int:task_id>/commencer/", views.start, name="start"),
    path("<int:task_id>/cloturer/", views.close, name="close"),
    path("<int:task_id>/rerouter/", views.reroute, name="reroute"),
]
