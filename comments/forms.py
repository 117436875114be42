from django import forms

from .models import BODY_MAX_LENGTH, Comment


class CommentForm(forms.Form):
    # Hidden plumbing: which briefing, which comment is answered, when the form was drawn.
    article = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

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
    remember = forms.BooleanField(
        label="Remember my name, email and website on this browser", required=False
    )
    # A field people never see: only bots fill it in.
    homepage = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "url", "body"):
            self.fields[name].widget.attrs.update(
                {"autocomplete": {"name": "name", "email": "email", "url": "url"}.get(name, "off")}
            )
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def focus_first_error(self) -> None:
        """Send the reader (and their screen reader) straight to what needs fixing."""
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["autofocus"] = True
                return

    @property
    def is_tampered(self) -> bool:
        """Broken hidden fields mean a forged post, not a typing mistake."""
        return any(name in self.errors for name in ("article", "parent", "rendered"))
