"""The second-factor pages of the admin: the sign-in step and the enrolment page."""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe

from .forms import CodeForm
from .twofactor import (
    factor_remove,
    factors_for,
    has_main_factor,
    recovery_codes_create,
    second_factor_step,
    second_factor_verify,
    totp_device_confirm,
    totp_device_start,
    totp_qr_svg,
    totp_secret,
)


def verify(request):
    next_url = _next_url(request)
    if second_factor_step(request) != "verify":
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error(
            "code",
            "That code did not work: it is wrong, was used already, or too many tries came "
            "too fast. Wait for the next code from your app, or use a recovery code.",
        )
    factors = factors_for(request.user)
    return _render(
        request,
        "admin/staff/verify.html",
        {"title": "Second step", "form": form, "next": next_url, **factors},
    )


def two_factor(request):
    step = second_factor_step(request)
    if step == "verify":
        return _to_verify(request)
    return _render(
        request,
        "admin/staff/two_factor.html",
        {
            "title": "Two-factor sign-in",
            "required": step == "enrol",
            **factors_for(request.user),
        },
    )


def totp_add(request):
    if second_factor_step(request) == "verify":
        return _to_verify(request)
    device = totp_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if totp_device_confirm(request=request, device=device, code=form.cleaned_data["code"]):
            if factors_for(request.user)["recovery"] is None:
                return _show_codes(request, recovery_codes_create(request=request), first=True)
            messages.success(request, "The authenticator app is set up.")
            return redirect("admin:staff_two_factor")
        form.add_error("code", "That code did not match. Type the code the app shows now.")
    return _render(
        request,
        "admin/staff/totp_add.html",
        {
            "title": "Add an authenticator app",
            "form": form,
            # An SVG drawn by the qrcode package from our own otpauth:// link.
            "qr_svg": mark_safe(totp_qr_svg(device)),
            "secret": totp_secret(device),
        },
    )


def recovery_codes(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (request.user.is_verified() and has_main_factor(request.user)):
        messages.error(request, "Set up an authenticator app or a passkey first.")
        return redirect("admin:staff_two_factor")
    return _show_codes(request, recovery_codes_create(request=request), first=False)


def remove_factor(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if second_factor_step(request) == "verify":
        return _to_verify(request)
    if not request.user.is_verified():
        messages.error(request, "There is nothing to remove yet.")
        return redirect("admin:staff_two_factor")
    if factor_remove(request=request, persistent_id=request.POST.get("device", "")):
        messages.success(request, "Removed.")
    else:
        messages.error(request, "That is not one of your factors.")
    return redirect("admin:staff_two_factor")


def _show_codes(request, codes, *, first):
    # Shown in this response only: no page shows them again.
    return _render(
        request,
        "admin/staff/recovery_codes.html",
        {"title": "Recovery codes", "codes": codes, "first": first},
    )


def _render(request, template, context):
    return render(request, template, {**admin.site.each_context(request), **context})


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _to_verify(request):
    # After the step, back to this page; a refused form post goes back to the list instead.
    back = request.path if request.method == "GET" else reverse("admin:staff_two_factor")
    return redirect(f"{reverse('admin:staff_verify')}?{urlencode({'next': back})}")
