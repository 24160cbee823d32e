"""Staff sign-in: password throttled by django-axes, then a TOTP code (django-otp) for
whoever set up two-step verification; administrators must when
PQRDESK_REQUIRE_2FA_FOR_ADMINS is on.

A wrong code counts as a failed login for axes (the password alone is not enough to
keep guessing codes)."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .ratelimit import client_ip
from .roles import Role, has_role


def axes_client_ip(request) -> str:
    """Axes counts the same address as our rate limits (trusted proxies only)."""
    return client_ip(request)


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer once an address or a username is locked: a page that says why and
    for how long, in the visitor's language."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        if settings.AXES_COOLOFF_TIME
        else 0,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def two_factor_required(user) -> bool:
    return bool(settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS) and has_role(user, Role.ADMIN)


class StaffAuthenticationForm(AuthenticationForm):
    otp_token = forms.CharField(
        label=gettext_lazy("Código de verificación"),
        required=False,
        max_length=8,
        help_text=gettext_lazy(
            "Los 6 dígitos de su aplicación de autenticación, si activó la verificación "
            "en dos pasos."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "otp_invalid": gettext_lazy(
            "El código de verificación no es válido o ya venció. Escriba el código que "
            "muestra ahora su aplicación."
        ),
    }

    def clean(self):
        data = super().clean()
        self.otp_device = None
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            token = (data.get("otp_token") or "").strip().replace(" ", "")
            device = match_token(user, token) if token.isdigit() else None
            if device is None:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                raise ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            self.otp_device = device
        return data


class StaffLoginView(auth_views.LoginView):
    form_class = StaffAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        elif two_factor_required(form.get_user()):
            return redirect(f"{reverse('two_factor_setup')}?next={self.get_success_url()}")
        return response


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Scan the QR (or type the secret) in an authenticator app, then confirm with the
    code it shows: the device only counts once confirmed."""
    user = request.user
    if user_has_device(user, confirmed=True) and not request.user.is_verified():
        # A device exists but this session did not use it: sign in again with the code.
        messages.info(request, _("Ingrese de nuevo con el código de su aplicación."))
        return redirect("login")
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "registration/two_factor_setup.html", {"active": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="PQR Desk", confirmed=False)
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "").strip().replace(" ", "")
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            messages.success(request, _("Verificación en dos pasos activada."))
            return redirect(_safe_next(request))
        error = _(
            "El código no coincide. Revise la hora de su teléfono y escriba el código actual."
        )
    context = {
        "active": False,
        "secret": base64.b32encode(device.bin_key).decode(),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False),
        "error": error,
        "next": _safe_next(request),
        "required": two_factor_required(user),
    }
    return render(
        request, "registration/two_factor_setup.html", context, status=400 if error else 200
    )


def admins_need_two_factor(get_response):
    """With PQRDESK_REQUIRE_2FA_FOR_ADMINS on, an administrator signed in without a
    verified code reaches only the setup page (and sign-out) until they use one."""
    allowed = ("two_factor_setup", "logout", "login", "set_language")

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
            and not user.is_verified()
            and has_role(user, Role.ADMIN)
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in allowed:
                return redirect(f"{reverse('two_factor_setup')}?next={request.path}")
        return get_response(request)

    return middleware
