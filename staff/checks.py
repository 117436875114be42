from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    """`check --deploy` reminds that a password alone guards the accounts that publish."""
    if settings.STAFF_2FA == "required":
        return []
    return [
        Warning(
            "STAFF_2FA is not 'required': staff can sign in to the admin with a password alone.",
            hint="Set STAFF_2FA=required once every editor has set up an app or a passkey.",
            id="staff.W001",
        )
    ]
