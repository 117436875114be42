"""`{% newsletter_band %}` on every page and `{% newsletter_box %}` under each briefing.

Both render the same HTML for every reader (no CSRF token, nothing personal): pages are cached
for everyone, and the POST target checks the request's origin instead.
"""

from django import template

from ..forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/band.html")
def newsletter_band():
    return {"form": SubscribeForm(auto_id="nl-band-%s")}


@register.inclusion_tag("newsletter/box.html")
def newsletter_box():
    return {"form": SubscribeForm(auto_id="nl-box-%s")}
