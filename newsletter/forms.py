from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.abuse import BotTrapForm

from .models import Subscriber

# Characters that never belong in one address and could smuggle in a second header or recipient.
FORBIDDEN = set('\r\n\t,;<>"\\')


class SubscribeForm(BotTrapForm):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        strip=False,
        error_messages={
            "required": "Type your email address.",
            "max_length": "An email address is at most %(limit_value)d characters long "
            "(this one has %(show_value)d).",
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "you@example.com", "inputmode": "email"}
        ),
    )

    def clean_email(self):
        value = self.cleaned_data["email"]
        if FORBIDDEN & set(value):
            raise ValidationError(
                "Type one address only, without line breaks, commas, quotes or angle brackets."
            )
        value = value.strip()
        if not value:
            raise ValidationError("Type your email address.")
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                "That does not look like an email address: it should be like name@example.com."
            ) from None
        return value.lower()


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Subscriber
        fields = ["frequency"]
        labels = {"frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}
