"""What the library tells the apps above it, which it does not know (articles, sponsors)."""

from django.dispatch import Signal

# Sent with `image` once its renditions are stored or its alt text, caption or credit change:
# pages and bodies that show it are brought up to date by their own apps.
image_changed = Signal()
