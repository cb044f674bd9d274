from django.urls import URLPattern, URLResolver, path

from diplomatie.signatures import views

app_name = "signatures"

urlpatterns: list[URLPattern | URLResolver] = [
    path("crl", views.crl, name="crl"),
    path("crl-racine", views.root_crl, name="root_crl"),
    path("racine.pem", views.root_pem, name="root_pem"),
    path("racine.cer", views.root_cer, name="root_cer"),
    path("autorite.cer", views.issuing_cer, name="issuing_cer"),
    path("verifier/", views.verify_page, name="verify"),
]
