"""Second factors for staff: what a signed-in person still owes, and setting factors up or down.

Factors are django-otp devices: an authenticator app (TOTP), passkeys (django-otp-webauthn)
and one set of recovery codes (a static device whose codes each work once).
"""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .audit import audit_record
from .models import AuditEvent

# Set at sign-in: whether the person had a factor then. Only a "no" is trusted from here (it
# spares every admin page three queries); a "yes" is checked again until the factor is passed.
HAS_FACTOR_SESSION_KEY = "staff_has_second_factor"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def second_factor_step(request, user=None) -> str | None:
    """What a signed-in person must do before the admin: "verify", "enrol", or None."""
    user = user if user is not None else request.user
    if not user.is_authenticated or user.is_verified():
        return None
    has_factor = request.session.get(HAS_FACTOR_SESSION_KEY)
    if has_factor is not False:
        has_factor = user_has_device(user)
        if request.session.get(HAS_FACTOR_SESSION_KEY) is not has_factor:
            request.session[HAS_FACTOR_SESSION_KEY] = has_factor
    if has_factor:
        return "verify"
    if settings.STAFF_2FA == "required":
        return "enrol"
    return None


def second_factor_note_sign_in(*, request, user) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HAS_FACTOR_SESSION_KEY] = user_has_device(user)


def second_factor_verify(*, request, code: str) -> bool:
    """Check a code from the app (six digits) or a recovery code; mark the session verified."""
    user = request.user
    code = "".join(code.split()).replace("-", "").lower()
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                otp_login(request, device)
                audit_record(
                    action=AuditEvent.Action.TWO_FACTOR_PASSED,
                    request=request,
                    detail=factor_describe(device),
                )
                return True
    audit_record(action=AuditEvent.Action.TWO_FACTOR_FAILED, request=request, detail="wrong code")
    return False


def factors_for(user) -> dict:
    """The person's factors, grouped for the enrolment page."""
    return {
        "apps": list(TOTPDevice.objects.devices_for_user(user)),
        "passkeys": list(WebAuthnCredential.objects.devices_for_user(user)),
        "recovery": StaticDevice.objects.devices_for_user(user)
        .filter(name=RECOVERY_DEVICE_NAME)
        .prefetch_related("token_set")
        .first(),
    }


def has_main_factor(user) -> bool:
    """An app or a passkey: recovery codes alone are no second factor."""
    return (
        TOTPDevice.objects.devices_for_user(user).exists()
        or WebAuthnCredential.objects.devices_for_user(user).exists()
    )


def totp_device_start(*, user) -> TOTPDevice:
    """The app being set up: one unconfirmed device, kept until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    """Confirm the app with a code it shows; the session counts as verified by it."""
    with transaction.atomic():
        if not device.verify_token("".join(code.split())):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _factor_added(request, device)
    return True


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, drawn here: the secret goes to no other service."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def totp_secret(device: TOTPDevice) -> str:
    """The key as the base32 text apps accept when typed, in groups of four."""
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def recovery_codes_create(*, request) -> list[str]:
    """A fresh set of single-use codes, replacing any earlier set; shown once by the caller."""
    user = request.user
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        _factor_added(request, device)
    return codes


def factor_remove(*, request, persistent_id: str) -> bool:
    """Remove one of the person's own factors; with the last app or passkey go the codes too."""
    user = request.user
    with transaction.atomic():
        device = next((d for d in devices_for_user(user) if d.persistent_id == persistent_id), None)
        if device is None:
            return False
        device.delete()  # the audit event comes from staff/signals.py, as for the admin's deletes
        if not has_main_factor(user):
            for codes in StaticDevice.objects.filter(user=user):
                codes.delete()
        request.session[HAS_FACTOR_SESSION_KEY] = user_has_device(user)
    return True


def _factor_added(request, device) -> None:
    if not request.user.is_verified():
        otp_login(request, device)
    request.session[HAS_FACTOR_SESSION_KEY] = True
    audit_record(
        action=AuditEvent.Action.TWO_FACTOR_ADDED,
        request=request,
        target=request.user,
        detail=factor_describe(device),
    )


def factor_describe(device) -> str:
    """How the audit trail names a second factor."""
    if isinstance(device, TOTPDevice):
        return f"authenticator app “{device.name}”"
    if isinstance(device, StaticDevice):
        return "recovery codes"
    return f"passkey “{device.name}”"
