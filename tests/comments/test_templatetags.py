import pytest
from django.template import Context, Template
from django.test import RequestFactory

from comments.visitor import PENDING_COOKIE
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def render(article, request):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    template = Template("{% load comments %}{% comment_thread article %}")
    return template.render(Context({"article": article, "request": request}))


@pytest.mark.parametrize("size", [0, 10, 60])
def test_the_thread_tag_costs_one_query_whatever_the_size(django_assert_num_queries, size):
    article = make_article()
    previous = None
    for n in range(size):
        previous = make_comment(article=article, parent=previous if n % 5 else None)
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        html = render(article, request)
    assert html.count('class="comment depth-') == size
    assert 'id="comment-form"' in html


def test_a_forged_pending_cookie_shows_nothing(rf):
    comment = make_comment(status="pending", body="Private until approved")
    request = rf.get("/")
    request.COOKIES[PENDING_COOKIE] = str(comment.pk)  # unsigned: ignored
    assert "Private until approved" not in render(comment.article, request)
