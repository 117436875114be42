from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView

from core import abuse
from core.origin import same_origin_post, signed_link

from . import links, services
from .forms import FrequencyForm, SubscribeForm
from .models import Subscriber
from .selectors import latest_digest

CHECK_INBOX = "Check your inbox: we sent a link to confirm your subscription."


@require_GET
def newsletter(request):
    context = {"form": SubscribeForm(auto_id="nl-%s"), "digest": latest_digest()}
    return render(request, "newsletter/newsletter.html", context)


check_inbox = TemplateView.as_view(template_name="newsletter/check_inbox.html")


@same_origin_post
@require_POST
def subscribe(request):
    wants_json = "application/json" in request.headers.get("Accept", "")
    ip = abuse.client_ip(request)
    if abuse.rate_limited("newsletter", ip, rate=settings.NEWSLETTER_RATE_LIMIT):
        retry_after = abuse.parse_rate(settings.NEWSLETTER_RATE_LIMIT)[1]
        if not wants_json:
            return abuse.too_many_requests(
                request, template="newsletter/rate_limited.html", retry_after=retry_after
            )
        message = "Too many signups from your connection. Please try again later."
        response = JsonResponse({"message": message}, status=429)
        response["Retry-After"] = retry_after
        return response
    form = SubscribeForm(request.POST, auto_id="nl-%s")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        context = {"form": form, "digest": latest_digest()}
        return render(request, "newsletter/newsletter.html", context, status=400)
    # A bot gets the same answer as a person, and nothing happens.
    if not form.is_bot(min_seconds=settings.NEWSLETTER_MIN_SECONDS_TO_SUBMIT):
        services.subscriber_subscribe(
            email=form.cleaned_data["email"],
            ip=ip,
            page=_referring_path(request),
            now=timezone.now(),
        )
    if wants_json:
        return JsonResponse({"message": CHECK_INBOX})
    return HttpResponseRedirect(reverse("newsletter:check_inbox"), status=303)


def _referring_path(request) -> str:
    """The page the signup came from, as consent evidence (only our own pages)."""
    referer = urlsplit(request.headers.get("Referer", ""))
    return referer.path if referer.netloc == request.get_host() else ""


# --- Signed links from emails: never cached, the token is the authority ------------------------


def _bad_link(request):
    form = SubscribeForm(auto_id="nl-%s")
    return render(request, "newsletter/bad_link.html", {"form": form}, status=400)


def _token_subscriber(purpose: str):
    """Open a signed-link view: the token's subscriber as `subscriber`, or the bad-link page."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, token):
            subscriber = links.subscriber_from_token(token, purpose=purpose)
            if subscriber is None:
                return _bad_link(request)
            return view(request, token=token, subscriber=subscriber)

        return wrapped

    return decorate


@signed_link
@_token_subscriber("confirm")
def confirm(request, token, subscriber):
    if request.method == "GET" and subscriber.status == Subscriber.Status.PENDING:
        # Mail scanners fetch every link in a message: only a person's click confirms.
        return render(request, "newsletter/confirm.html", {"subscriber": subscriber})
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber, now=timezone.now())
    context = {
        "subscriber": subscriber,
        "form": FrequencyForm(instance=subscriber),
        "token": links.manage_token(subscriber),
    }
    return render(request, "newsletter/confirmed.html", context)


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
@_token_subscriber("manage")
def manage(request, token, subscriber):
    form = FrequencyForm(instance=subscriber)
    saved = request.GET.get("saved")
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            services.subscriber_resubscribe(
                subscriber=subscriber,
                ip=abuse.client_ip(request),
                page=request.path,
                now=timezone.now(),
            )
            return HttpResponseRedirect(f"{request.path}?saved=resubscribed", status=303)
        form = FrequencyForm(request.POST, instance=subscriber)
        if form.is_valid():
            services.subscriber_set_frequency(
                subscriber=subscriber, frequency=form.cleaned_data["frequency"]
            )
            return HttpResponseRedirect(f"{request.path}?saved=frequency", status=303)
    context = {"subscriber": subscriber, "form": form, "token": token, "saved": saved}
    return render(request, "newsletter/manage.html", context, status=400 if form.errors else 200)


@signed_link
@_token_subscriber("manage")
def unsubscribe(request, token, subscriber):
    done = request.method == "POST"
    if done:
        services.subscriber_unsubscribe(subscriber=subscriber, now=timezone.now())
    context = {"subscriber": subscriber, "token": token, "done": done}
    return render(request, "newsletter/unsubscribe.html", context)


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
@_token_subscriber("manage")
def delete(request, token, subscriber):
    if request.method == "POST":
        services.subscriber_delete(subscriber=subscriber)
        return render(request, "newsletter/deleted.html")
    return render(request, "newsletter/delete.html", {"subscriber": subscriber, "token": token})
