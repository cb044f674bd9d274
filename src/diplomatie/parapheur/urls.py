from django.urls import URLPattern, URLResolver

app_name = "parapheur"

urlpatterns: list[URLPattern | URLResolver] = []
