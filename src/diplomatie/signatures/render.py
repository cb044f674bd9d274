"""The PDF of a publication, with an empty visible signature field for each planned signer.

WeasyPrint lays the document out (PDF/A-2b: fonts embedded, no transparency issues), each
signature slot being an empty box whose top-left corner is an HTML anchor; the anchors'
positions, read from WeasyPrint's layout, place the signature fields exactly on the boxes.
All fields are appended by pyHanko in one incremental revision, before any signature, so
that later signatures only *fill* fields (allowed by the certification's DocMDP level).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from diplomatie.core.errors import InvalidInput
from diplomatie.core.markdown import render_markdown

if TYPE_CHECKING:
    from diplomatie.publications.models import Publication

PX_TO_PT = 0.75  # CSS px are 1/96 in, PDF points 1/72 in
FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


@dataclass(frozen=True)
class SignatureSlot:
    """A visible signature field created up front.

    `name` is the PDF field name (letters, digits, `-` and `_`, e.g. "step-2-a"), the value
    later passed as `field=` to `sign` or `seal`; `label` is printed under the box
    (e.g. "Visa — Head of legal service").
    """

    name: str
    label: str


def _addressees(publication: Publication) -> tuple[list[str], list[str]]:
    from diplomatie.routing.models import Addressing, Mode

    action: list[str] = []
    info: list[str] = []
    rows = Addressing.objects.filter(publication=publication).select_related("organisation")
    for row in rows.order_by("organisation__path"):
        (action if row.mode == Mode.ACTION else info).append(row.organisation.display_name)
    return action, info


def _ministry_name(publication: Publication) -> str:
    issuer = publication.issuer
    root = issuer.ancestors().first() if issuer.depth > 1 else issuer
    return (root or issuer).display_name


def render_html(publication: Publication, slots: Sequence[SignatureSlot]) -> str:
    action_to, info_to = _addressees(publication)
    return render_to_string(
        "signatures/document.html",
        {
            "publication": publication,
            "kind": publication.get_kind_display(),
            "classification": publication.get_classification_display(),
            "ministry_name": _ministry_name(publication),
            "issuer_name": publication.issuer.display_name,
            "reference": publication.chrono or _("Draft"),
            "date": publication.sent_at or timezone.now(),
            "action_to": action_to,
            "info_to": info_to,
            "body": render_markdown(publication.body),
            "slots": [
                {"anchor": f"slot-{index}", "label": slot.label} for index, slot in enumerate(slots)
            ],
        },
    )


def render_pdf(publication: Publication, slots: Sequence[SignatureSlot]) -> bytes:
    """The publication as PDF/A-2b with one empty visible signature field per slot.

    Letterhead (ministry and issuing organisation), chrono number (or "Draft"), date,
    addressees, subject, the Markdown body, then the signature boxes with their labels.
    The fields are created in a single incremental revision on top of WeasyPrint's output;
    nothing else is ever added to the pages afterwards. Raises `InvalidInput` for a bad or
    repeated field name.
    """
    from weasyprint import HTML

    names = [slot.name for slot in slots]
    for name in names:
        if not FIELD_NAME.match(name):
            raise InvalidInput(_("Invalid signature field name: %(name)s.") % {"name": name})
    if len(set(names)) != len(names):
        raise InvalidInput(_("Two signature fields have the same name."))
    document = HTML(string=render_html(publication, slots)).render(pdf_variant="pdf/a-2b")
    # Anchor rectangles are in CSS px from the top-left corner; PDF boxes in points from
    # the bottom-left corner.
    positions: dict[str, tuple[int, tuple[int, int, int, int]]] = {}
    for page_index, page in enumerate(document.pages):
        height_pt = page.height * PX_TO_PT
        for anchor, (x1, y1, x2, y2) in page.anchors.items():
            box = (
                round(x1 * PX_TO_PT),
                round(height_pt - y2 * PX_TO_PT),
                round(x2 * PX_TO_PT),
                round(height_pt - y1 * PX_TO_PT),
            )
            positions[anchor] = (page_index, box)
    pdf = document.write_pdf(pdf_variant="pdf/a-2b")
    if not slots:
        return bytes(pdf)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    for index, slot in enumerate(slots):
        page_index, box = positions[f"slot-{index}"]
        append_signature_field(
            writer, SigFieldSpec(sig_field_name=slot.name, on_page=page_index, box=box)
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
