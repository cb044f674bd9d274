from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def verify_max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


class VerifyForm(forms.Form):
    document = forms.FileField(
        label=_("Signed PDF"),
        help_text=_("A PDF file; it is checked and then forgotten, never stored."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        limit = verify_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is too large (the limit is %(limit)s).")
                % {"limit": filesizeformat(limit)}
            )
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This file is not a PDF."))
        return bytes(data)
