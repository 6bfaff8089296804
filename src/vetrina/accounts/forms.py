from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from phonenumber_field.formfields import PhoneNumberField

from vetrina.accounts.models import OrganisationKind
from vetrina.lib.plain_text import validate_no_link
from vetrina.mail.emails import absolute_url, email_queue


class ApplicationForm(forms.Form):
    # A plain form, not a ModelForm: a ModelForm would check the one-open-application constraint and
    # tell the applicant that the address is known.
    # The company and contact names go into the e-mail to the address typed below, which may be anyone's:
    # plain words, short, no links (lib.plain_text).
    company_name = forms.CharField(label=_("Company name"), max_length=100, validators=[validate_no_link])
    applicant_type = forms.TypedChoiceField(
        label=_("I am applying as"),
        choices=OrganisationKind.choices,
        coerce=OrganisationKind,
        widget=forms.RadioSelect,
        help_text=_("Visitors may search creators and open their numbers, but not contact them."),
    )
    country = CountryField().formfield(label=_("Country of operation"))
    region = forms.CharField(label=_("Region"), max_length=200, help_text=_("State, province or area."))
    phone = PhoneNumberField(
        label=_("Phone number"),
        help_text=_("With the country code (+44 20 7946 0958), or as dialled in your country of operation."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=100, validators=[validate_no_link])
    contact_email = forms.EmailField(label=_("Contact e-mail"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A national number is read as dialled in the chosen country; one with a + prefix stands alone.
        country = self.data.get("country", "")
        if country in countries:
            self.fields["phone"].region = country  # type: ignore[attr-defined]


class StrategyForm(forms.Form):
    marketing_strategy = forms.CharField(
        label=_("Your marketing strategy"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What you want creators to do for you, and how you will judge it."),
    )
    target_audience = forms.CharField(
        label=_("Your target audience"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Who you want to reach: countries, ages, interests."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the applicant"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def password_rule() -> str:
    """The rule AUTH_PASSWORD_VALIDATORS enforce, in a sentence, for every form that sets a password."""
    length = settings.VETRINA_PASSWORD_MIN_LENGTH
    return ngettext(
        "At least %(count)d character, not a common password, not all digits, not like your name or e-mail.",
        "At least %(count)d characters, not a common password, not all digits, not like your name or e-mail.",
        length,
    ) % {"count": length}


class PasswordChoiceForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_rule()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", ValidationError(_("The two passwords differ.")))
        return data


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form of the password-reset link, stating Vetrina's rule instead of the validators' list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rule()


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail or username")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its e-mail queued in the outbox like every other (emails/password_reset.*)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        link = absolute_url(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        email_queue(
            to=to_email,
            subject=_("Reset your Vetrina password"),
            template="password_reset",
            context={**context, "link": link},
            # The link opens the account: the outbox keeps it only until the message is sent.
            secret_parts=[link],
            # In the language the account chose, else the one they asked in.
            language=getattr(context.get("user"), "language", "") or get_language(),
        )


class TeamInviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail"), max_length=254)
