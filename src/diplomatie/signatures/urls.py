from django.urls import URLPattern, URLResolver

app_name = "signatures"

urlpatterns: list[URLPattern | URLResolver] = []
