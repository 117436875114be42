from django import template
from django.utils import timezone

from core.mail import absolute_url

from ..models import Slot
from ..selectors import placement_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sponsor_slot(context, slot, format="html"):
    """Today's placement for `slot` ("article", "home", "ticker" or "newsletter"): one query
    at most, none from a warm cache. The newsletter slot is email HTML with inline styles,
    or with "txt" the plain-text part: `{% sponsor_slot "newsletter" "txt" %}`."""
    slot = Slot(slot)
    placement = placement_for(slot.value, day=timezone.localdate())
    data = {"placement": placement, "slot": slot.value}
    if slot == Slot.NEWSLETTER and placement:
        # Emails are read outside the site: every link and image absolute.
        data["click_url"] = absolute_url(placement.get_absolute_url())
        data["image_url"] = absolute_url(placement.image.url) if placement.image else ""
    extension = "txt" if format == "txt" and slot == Slot.NEWSLETTER else "html"
    template_name = f"sponsors/slot_{slot.value}.{extension}"
    return context.template.engine.get_template(template_name).render(context.new(data))
