from django import template

from .. import html

register = template.Library()


@register.simple_tag
def picture(image, alt=None, sizes=html.ARTICLE_SIZES, lead=False):
    """{% picture image %}: responsive <picture>; `lead=True` loads it first, not lazily."""
    return html.picture_html(image, alt=alt or None, sizes=sizes, lead=lead)


@register.simple_tag
def preload_image(image, sizes=html.ARTICLE_SIZES):
    """{% preload_image image %} in <head>: the lead image starts loading with the page."""
    return html.preload_html(image, sizes=sizes)
