from django import forms

from core.abuse import BotTrapForm
from core.forms import FocusFirstErrorMixin

from .models import BODY_MAX_LENGTH, Comment


class CommentForm(FocusFirstErrorMixin, BotTrapForm):
    # Hidden plumbing: which briefing and which comment is answered.
    article = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    name = forms.CharField(label="Name", max_length=Comment._meta.get_field("name").max_length)
    email = forms.EmailField(
        label="Email", help_text="Never published; only our moderators see it."
    )
    url = forms.URLField(label="Website", required=False, assume_scheme="https", max_length=200)
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. Links become clickable.",
    )
    notify = forms.BooleanField(label="Email me when someone replies", required=False)
    remember = forms.BooleanField(
        label="Remember my name, email and website on this browser", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "url", "body"):
            self.fields[name].widget.attrs.update(
                {"autocomplete": {"name": "name", "email": "email", "url": "url"}.get(name, "off")}
            )

    @property
    def is_tampered(self) -> bool:
        """Broken hidden fields mean a forged post, not a typing mistake."""
        return any(name in self.errors for name in ("article", "parent", "rendered"))


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. Links become clickable. An edit goes through the same checks.",
    )
