from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .processing import RENDITION_FORMATS

FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """One picture in the library, stored stripped of metadata; its renditions are made by
    the task worker and listed in `renditions`."""

    # A FileField, not an ImageField: the size is read once on upload, never when a row loads.
    file = models.FileField(upload_to="images/o/", max_length=200)
    alt = models.CharField(
        "alt text",
        max_length=250,
        help_text="What the image shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="e.g. “Photo: Ada Lee”.")
    focal_x = models.FloatField(
        "focal point x",
        default=0.5,
        validators=FRACTION,
        help_text="0 is the left edge, 1 the right: crops keep this point.",
    )
    focal_y = models.FloatField(
        "focal point y",
        default=0.5,
        validators=FRACTION,
        help_text="0 is the top edge, 1 the bottom.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    content_hash = models.CharField(max_length=64, editable=False, db_index=True)
    # {"avif": {"400": "images/r/…-400.avif", …}, "webp": {…}, "jpg": {…}}: empty until the
    # worker has made them; pages show the stripped original meanwhile.
    renditions = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="image_has_alt_text",
                violation_error_message="Describe the image in its alt text.",
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message="The focal point is a fraction from 0 to 1.",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.alt[:60]}"

    @property
    def markdown(self) -> str:
        """What a writer types to put this image in a briefing's body."""
        return f"![{self.alt}](image:{self.pk})"

    def rendition_at_most(self, extension: str, width: int) -> str | None:
        """The storage name of the widest `extension` rendition no wider than `width` (the
        narrowest if none is), or None while there is none."""
        widths = sorted(
            (int(w), name) for w, name in (self.renditions.get(extension) or {}).items()
        )
        if not widths:
            return None
        fitting = [name for w, name in widths if w <= width]
        return fitting[-1] if fitting else widths[0][1]

    @property
    def renditions_ready(self) -> bool:
        return bool(self.renditions)

    def sources(self) -> list[tuple[str, str, list[tuple[int, str]]]]:
        """[(extension, mime type, [(width, storage name), …])], smallest format first."""
        found = []
        for extension, (_format, mime, _options) in RENDITION_FORMATS.items():
            widths = self.renditions.get(extension) or {}
            if widths:
                found.append(
                    (extension, mime, sorted((int(w), name) for w, name in widths.items()))
                )
        return found
