import datetime as dt

import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import AccessGrant, Role, User
from apps.membership.models import Application, Membership
from apps.municipalities.models import Municipality


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(cbs_code=code)


class MunicipalityPicker(factory.LazyFunction):
    """Take the next current municipality that is not yet a member (reference data is loaded)."""

    def __init__(self):
        super().__init__(lambda: Municipality.objects.current().filter(membership__isnull=True).order_by("cbs_code").first())


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = MunicipalityPicker()
    since = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.MEMBER
    municipality = factory.LazyAttribute(lambda o: MembershipFactory().municipality if o.role in ("member", "coordinator") else None)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        team = factory.Trait(role=Role.CAMPAIGN_TEAM, is_staff=True)
        coach = factory.Trait(role=Role.COACH)


class AccessGrantFactory(DjangoModelFactory):
    class Meta:
        model = AccessGrant

    user = factory.SubFactory(UserFactory, coach=True)
    municipality = factory.LazyFunction(lambda: MembershipFactory().municipality)
    reason = "Pilot"


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    municipality = MunicipalityPicker()
    contact_name = "Mirjam Hoekstra"
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    contact_role = "wethouder"
    motivation = "Wij willen de Global Goals gebruiken als kader voor ons beleid."
