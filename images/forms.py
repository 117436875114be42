from django import forms
from django.core.exceptions import ValidationError

from .models import Image
from .processing import CleanImage, ImageRefused, image_clean

ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/gif"


def upload_clean(upload) -> CleanImage:
    """An uploaded file checked by its content (never its name) and stripped of its metadata,
    or a ValidationError saying why it is refused."""
    upload.seek(0)
    try:
        return image_clean(upload.read())
    except ImageRefused as refused:
        raise ValidationError(str(refused), code="refused") from None


class ImageUploadField(forms.FileField):
    """A file upload cleaned by `upload_clean` to a CleanImage, the stripped bytes ready to
    store."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return upload_clean(upload)


class ImageForm(forms.ModelForm):
    upload = ImageUploadField(
        label="Image file",
        required=False,
        help_text="JPEG, PNG, WebP, AVIF or GIF. Location and camera data are removed.",
    )

    class Meta:
        model = Image
        fields = ["upload", "alt", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk and not cleaned_data.get("upload") and "upload" not in self.errors:
            self.add_error("upload", "Choose an image file to upload.")
        return cleaned_data
