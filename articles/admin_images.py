"""The briefing form's image parts, kept apart from articles/admin.py: the lead image (upload one
into the library right there, or pick one from it) and the picker under the body."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse
from django.utils.html import format_html

from images.forms import ImageUploadField
from images.models import Image
from images.selectors import images_by_ids
from images.services import image_create

from .models import Article
from .rendering import image_ids_in

BODY_HELP = (
    "Markdown. Use ## headings for sections. Put a library image on a line of its own with "
    "<code>![alt text](image:ID)</code>; an empty alt text uses the library's. "
    '<span class="body-image-tools" data-picker-url="{}">'
    '<a href="{}" target="_blank" rel="noopener">Browse the image library</a></span>'
)


class LeadImageFormMixin(forms.ModelForm):
    """`lead_image` is an upload that goes into the library; `lead_image_pick` chooses an image
    already there. Either way the briefing points at a library image."""

    lead_image = ImageUploadField(
        label="Upload a lead image",
        required=False,
        help_text="JPEG, PNG, WebP, AVIF or GIF; it joins the image library. "
        "Location and camera data are removed.",
    )
    lead_image_credit = forms.CharField(
        label="Credit of the uploaded image", max_length=200, required=False
    )
    lead_image_pick = forms.ModelChoiceField(
        Image.objects.all(),
        label="Or a library image",
        required=False,
        widget=ForeignKeyRawIdWidget(
            Article._meta.get_field("lead_image").remote_field, admin.site
        ),
        help_text="Its number in the image library (the magnifier lists them). "
        "Empty it to remove the lead image.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["lead_image_pick"] = self.instance.lead_image_id
        if "body" in self.fields:
            picker = reverse("admin:images_image_picker")
            self.fields["body"].help_text = format_html(BODY_HELP, picker, picker)

    def clean(self):
        cleaned_data = super().clean()
        # The model's lead_image is set from these in ArticleAdmin.save_model, not by the form.
        self.lead_upload = cleaned_data.pop("lead_image", None)
        if self.lead_upload and not cleaned_data.get("lead_image_alt", "").strip():
            self.add_error(
                "lead_image_alt", "Describe the lead image for readers who cannot see it."
            )
        missing = image_ids_in(cleaned_data.get("body", "")) - set(
            images_by_ids(image_ids_in(cleaned_data.get("body", "")))
        )
        if missing:
            self.add_error(
                "body",
                "No image numbered "
                + ", ".join(str(pk) for pk in sorted(missing))
                + " in the library.",
            )
        return cleaned_data

    def lead_image_apply(self, article: Article) -> None:
        """Point `article` at the uploaded image (stored now) or at the one picked."""
        if self.lead_upload:
            article.lead_image = image_create(
                clean=self.lead_upload,
                alt=self.cleaned_data["lead_image_alt"],
                credit=self.cleaned_data.get("lead_image_credit", ""),
            )
        else:
            article.lead_image = self.cleaned_data.get("lead_image_pick")


class ImageAdminMixin:
    """For ArticleAdmin: the picker's script under the body field."""

    class Media:
        js = ["images/body-picker.js"]
        css = {"all": ["images/admin.css"]}

    def save_form(self, request, form, change):
        article = super().save_form(request, form, change)
        form.lead_image_apply(article)
        return article
