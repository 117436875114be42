import pytest
from django.test import RequestFactory

from staff.audit import audit_record
from staff.models import AuditEvent
from tests.factories import make_article


@pytest.mark.django_db
def test_an_event_keeps_who_did_what_to_which_briefing_from_where(django_user_model):
    editor = django_user_model.objects.create_user("ana", password="x")
    article = make_article(title="Rollups, explained")
    request = RequestFactory().post("/admin/", REMOTE_ADDR="203.0.113.7")
    request.user = editor

    audit_record(action=AuditEvent.Action.PUBLISH, request=request, target=article)
    editor.delete()

    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_name, event.ip) == (None, "ana", "203.0.113.7")
    assert (event.target_type, event.target_id) == ("articles.article", str(article.pk))
    assert "Published Rollups, explained" in str(event)
