from django.urls import URLPattern, URLResolver

app_name = "audience"

urlpatterns: list[URLPattern | URLResolver] = []
