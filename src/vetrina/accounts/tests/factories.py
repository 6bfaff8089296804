import factory

from vetrina.accounts.models import Application, Organisation, OrganisationKind, Role, User


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.BRAND
    country = "GB"
    region = "London"
    phone = "+442079460958"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A brand member unless told otherwise; pass role=Role.CREATOR, organisation=None for a creator."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@vetrina.test")
    email = factory.LazyAttribute(lambda user: user.username)
    role = Role.BRAND
    organisation = factory.SubFactory(OrganisationFactory, kind=factory.SelfAttribute("..role"))
    password = factory.PostGenerationMethodCall("set_password", "a-long-pass-phrase")

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    company_name = factory.Sequence(lambda n: f"Company {n}")
    applicant_type = OrganisationKind.BRAND
    country = "GB"
    region = "London"
    phone = "+442079460958"
    contact_name = "Anna Rossi"
    contact_email = factory.Sequence(lambda n: f"contact{n}@company.test")


def application_form_data(**overrides: str) -> dict[str, str]:
    """What a brand fills in on the application form; `overrides` change or add fields."""
    data = {
        "company_name": "Acme Cosmetics",
        "applicant_type": "brand",
        "country": "GB",
        "region": "London",
        "phone": "+44 20 7946 0958",
        "contact_name": "Anna Rossi",
        "contact_email": "Anna@Acme.test",
    }
    return {**data, **overrides}
