import pytest
from django.db import IntegrityError

from comments.models import Comment, render_body
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "<p>plain</p>"),
        ("one\ntwo", "<p>one<br>two</p>"),
        ("one\n\ntwo", "<p>one</p>\n\n<p>two</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<a href="x">x</a>', "<p>&lt;a href=&quot;x&quot;&gt;x&lt;/a&gt;</p>"),
        (
            "see https://example.org/a?b=1&c=2",
            '<p>see <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
            "https://example.org/a?b=1&amp;c=2</a></p>",
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    ],
)
def test_a_body_is_plain_text_with_links_and_line_breaks(text, expected):
    assert render_body(text) == expected


def test_body_html_is_derived_on_save():
    comment = make_comment(body="Hi <b>there</b>")
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>Hi &lt;b&gt;there&lt;/b&gt;</p>"


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Ada Lovelace", "AL"), ("cher", "C"), ("Jean Paul Sartre", "JP"), ("¿ ?", "?")],
)
def test_avatar_initials(name, initials):
    assert Comment(name=name).initials == initials


def test_the_schema_refuses_an_unknown_status():
    comment = make_comment()
    with pytest.raises(IntegrityError):
        Comment.objects.filter(pk=comment.pk).update(status="published")


def test_the_schema_refuses_a_comment_that_answers_itself():
    comment = make_comment()
    with pytest.raises(IntegrityError):
        Comment.objects.filter(pk=comment.pk).update(parent=comment)


def test_permalink_is_the_comment_redirect_that_finds_its_page():
    comment = make_comment()
    assert comment.get_absolute_url() == f"/comments/{comment.pk}/"
