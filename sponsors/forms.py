import re

from django import forms
from django.conf import settings

from core.abuse import BotTrapForm
from core.forms import FocusFirstErrorMixin

from .models import Enquiry

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# Lines a spam script writes hoping the text lands in a mail header.
HEADER_LINE = re.compile(r"^\s*(bcc|cc|to|from|content-type|mime-version)\s*:", re.I | re.M)
SINGLE_LINE_FIELDS = ("name", "company", "email")


def _max_length(field: str) -> int:
    return Enquiry._meta.get_field(field).max_length


class EnquiryForm(FocusFirstErrorMixin, BotTrapForm):
    name = forms.CharField(label="Your name", max_length=_max_length("name"))
    company = forms.CharField(label="Company", max_length=_max_length("company"))
    email = forms.EmailField(label="Work email", help_text="We answer from a person’s address.")
    budget = forms.ChoiceField(
        label="Budget", choices=[("", "Choose a range"), *Enquiry.Budget.choices]
    )
    message = forms.CharField(
        label="What would you like to book?",
        max_length=_max_length("message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Dates, the audience you want to reach, and any links (up to "
        f"{settings.SPONSORS_MAX_LINKS}).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, autocomplete in [
            ("name", "name"),
            ("company", "organization"),
            ("email", "email"),
        ]:
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean(self):
        cleaned = super().clean()
        for name in SINGLE_LINE_FIELDS:
            raw = self.data.get(name, "")
            if "\r" in raw or "\n" in raw:
                self.add_error(name, "Keep this on one line.")
        for name in ("name", "company"):
            if LINK.search(cleaned.get(name, "")):
                self.add_error(name, "Links belong in the message, not here.")
        message = cleaned.get("message", "")
        if HEADER_LINE.search(message):
            self.add_error("message", "Please write the message as plain sentences.")
        links = len(LINK.findall(message))
        if links > settings.SPONSORS_MAX_LINKS:
            self.add_error(
                "message",
                f"Please keep to {settings.SPONSORS_MAX_LINKS} links or fewer "
                f"(this has {links}); we will ask for more if we need them.",
            )
        return cleaned
