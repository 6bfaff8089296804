import pytest
from django.test import Client

from vetrina.accounts.models import Application, OrganisationKind
from vetrina.accounts.services import application_submit
from vetrina.accounts.tests.factories import ApplicationFactory, UserFactory
from vetrina.accounts.tests.factories import application_form_data as form_data

URL = "/apply/"


def test_it_shows_the_form_with_every_field(client: Client, db):
    page = client.get(URL).content.decode()
    for label in [
        "Company name",
        "I am applying as",
        "Country of operation",
        "Region",
        "Phone number",
        "Contact name",
        "Contact e-mail",
    ]:
        assert label in page
    assert '<option value="TW">Taiwan</option>' in page


def test_it_files_an_application_with_the_phone_in_e164(
    client: Client, db, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(phone="020 7946 0958"))
    # then a national number was read as dialled in the country of operation
    assert response.status_code == 302
    assert response["Location"] == "/apply/sent/"
    application = Application.objects.get()
    assert str(application.phone) == "+442079460958"
    assert application.contact_email == "anna@acme.test"
    assert (application.applicant_type, application.state) == (
        OrganisationKind.BRAND,
        Application.State.PENDING,
    )
    # and the applicant got a confirmation in text and HTML
    [message] = mailoutbox
    assert message.to == ["anna@acme.test"]
    assert "Acme Cosmetics" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "because this address was given" in message.body


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("phone", "12345", "Enter a valid phone number"),
        ("country", "XX", "Select a valid choice"),
        ("contact_email", "not-an-address", "Enter a valid email address"),
        ("applicant_type", "reseller", "Select a valid choice"),
        ("company_name", "", "This field is required"),
    ],
)
def test_it_shows_each_error_beside_its_field(client: Client, db, field: str, value: str, error: str):
    # when
    response = client.post(URL, form_data(**{field: value}))
    # then the form comes back with the error inside the field's own group, and nothing is filed
    assert response.status_code == 200
    form = response.context["form"]
    assert error in " ".join(form.errors[field])
    group = form[field].as_field_group()
    assert error in group
    assert not Application.objects.exists()


def test_applying_twice_looks_like_applying_once_and_files_nothing_new(
    client: Client, db, mailoutbox, django_capture_on_commit_callbacks
):
    # given a first application
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, form_data())
    # when the same address applies again, in other letters
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(URL, form_data(contact_email="ANNA@acme.test", company_name="Acme Two"))
    # then the applicant sees the same thing, and there is still one application
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Application.objects.count() == 1
    # and the address's owner is told by e-mail, where only they can read it
    assert "already" in mailoutbox[1].body


def test_applying_with_the_address_of_an_account_looks_the_same_and_files_nothing(
    client: Client, db, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    UserFactory.create(username="anna@acme.test")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    # then
    assert response["Location"] == "/apply/sent/"
    assert not Application.objects.exists()
    [message] = mailoutbox
    assert "already has an account" in message.body


def test_a_rejected_applicant_may_apply_again(db):
    ApplicationFactory.create(contact_email="anna@acme.test", state=Application.State.REJECTED)
    again = application_submit(
        company_name="Acme Cosmetics",
        applicant_type=OrganisationKind.BRAND,
        country="GB",
        region="London",
        phone="+442079460958",
        contact_name="Anna Rossi",
        contact_email="anna@acme.test",
    )
    assert again is not None
    assert Application.objects.count() == 2


def test_it_sends_signed_in_users_home(client: Client, brand_member):
    client.force_login(brand_member)
    assert client.get(URL)["Location"] == "/"
