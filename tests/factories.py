import datetime

import factory
from factory.django import DjangoModelFactory

from comptes.enums import Role
from fiches.enums import ActionStatus, FicheRole
from structures.enums import AgrementKind, AgrementStatus, ConventionKind, FundingNature, OrganisationKind, StructureKind

DEMO_PASSWORD = "motdepasse-de-test"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Organisation"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.AUTRE


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Commune"
        django_get_or_create = ("insee_code",)

    insee_code = factory.Sequence(lambda n: f"69{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    department_code = "69"
    department_name = "Rhône"
    epci_code = "200046977"
    epci_name = "Métropole de Lyon"
    epci_kind = "ME"
    population = 10000


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Structure"

    name = factory.Sequence(lambda n: f"Centre social {n}")
    kind = StructureKind.CENTRE_SOCIAL
    commune = factory.SubFactory(CommuneFactory)


class AgrementFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Agrement"

    structure = factory.SubFactory(StructureFactory)
    kind = AgrementKind.AGC
    start_date = datetime.date(2023, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    status = AgrementStatus.ACCORDE


class FundingFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Funding"

    structure = factory.SubFactory(StructureFactory)
    funder = factory.SubFactory(OrganisationFactory, name="Caf du Rhône", kind=OrganisationKind.CAF)
    year = 2024
    nature = FundingNature.PS_AGC
    amount = 70000


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = "structures.Convention"

    kind = ConventionKind.TRIPARTITE
    title = factory.Sequence(lambda n: f"Convention {n}")
    department_code = "69"
    signed_on = datetime.date(2024, 3, 1)


class SchemaFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.Schema"

    title = "Schéma départemental d'animation de la vie sociale"
    slug = factory.Sequence(lambda n: f"schema-{n}")
    department_code = "69"
    department_name = "Rhône"
    first_year = 2022
    last_year = 2026


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.Axis"

    schema = factory.SubFactory(SchemaFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class OrientationFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.Orientation"

    axis = factory.SubFactory(AxisFactory)
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Orientation {n}")


class FicheFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.Fiche"

    orientation = factory.SubFactory(OrientationFactory)
    code = factory.Sequence(lambda n: f"PA 1.1.{n + 1}")
    title = factory.Sequence(lambda n: f"Fiche {n}")


class FicheOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.FicheOrganisation"

    fiche = factory.SubFactory(FicheFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = FicheRole.PILOT


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.Action"

    fiche = factory.SubFactory(FicheFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Action {n}")
    first_year = 2022
    last_year = 2026
    status = ActionStatus.A_VENIR
    progress = 0

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Keep fiches.enums' status/progress rule (a database constraint) when a test gives only one of them.
        status, progress = kwargs["status"], kwargs["progress"]
        if status == ActionStatus.REALISEE:
            kwargs["progress"] = 100
        elif progress == 100:
            kwargs["status"] = ActionStatus.REALISEE
        elif status == ActionStatus.A_VENIR and progress:
            kwargs["status"] = ActionStatus.EN_COURS
        return kwargs


class ExpectedResultFactory(DjangoModelFactory):
    class Meta:
        model = "fiches.ExpectedResult"

    fiche = factory.SubFactory(FicheFactory)
    text = factory.Sequence(lambda n: f"Résultat attendu {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = "indicateurs.Indicator"

    fiche = factory.SubFactory(FicheFactory)
    label = factory.Sequence(lambda n: f"Nombre de projets {n}")


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = "indicateurs.Campaign"

    schema = factory.SubFactory(SchemaFactory)
    year = 2025
    opens_on = datetime.date(2026, 1, 15)
    closes_on = datetime.date(2026, 3, 31)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = "indicateurs.IndicatorValue"

    indicator = factory.SubFactory(IndicatorFactory)
    campaign = factory.SubFactory(CampaignFactory)
    structure = factory.SubFactory(StructureFactory)
    number = 3


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "comptes.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    role = Role.PARTENAIRE
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True


class ConseillerFactory(UserFactory):
    role = Role.CONSEILLER

    @factory.post_generation
    def schemas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.schemas.set(extracted)


class DirecteurFactory(UserFactory):
    role = Role.DIRECTEUR

    @factory.post_generation
    def structures(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.structures.set(extracted)


class PartenaireFactory(UserFactory):
    role = Role.PARTENAIRE
