from django import template
from django.utils import timezone

from ..previews import PreviewLinkForm

register = template.Library()

LINKS_SHOWN = 20


@register.inclusion_tag("admin/articles/preview_links.html", takes_context=True)
def preview_links_panel(context, article):
    """A briefing's preview links on its change page, with the forms that make and revoke them."""
    links = list(
        article.preview_links.select_related("created_by", "revoked_by")[: LINKS_SHOWN + 1]
    )
    now = timezone.now()
    rows = [(link, link.state(now=now)) for link in links[:LINKS_SHOWN]]
    return {
        "article": article,
        "rows": rows,
        "more": len(links) > LINKS_SHOWN,
        "active": sum(state == "Active" for _, state in rows),
        # Who may edit the briefing may send it round (articles.services.preview_link_create).
        "may_change": article.can_be_edited_by(context["request"].user),
        "form": PreviewLinkForm(),
        "csrf_token": context.get("csrf_token"),
    }
