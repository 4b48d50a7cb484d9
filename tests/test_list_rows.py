"""What a row of the administrateur's country-wide lists (accounts, campaigns, conventions) shows, its words
computed once for the page by the view: labels, dates in French order and local time, scopes and signatories
in their order, forms that post with the page's CSRF token; names read by key, never by a join over the
country's structures or organisations."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from indicateurs.enums import CampaignStatus
from structures.enums import ConventionKind
from tests import factories
from tests.list_plans import page_queries

SCOPE_LINE = '<br><span class="text-body-secondary">{}</span>'


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def row_of(content, marker):
    """The table row holding ``marker``."""
    (row,) = [row for row in re.findall(r"<tr>(.*?)</tr>", content, re.S) if marker in row]
    return row


def cells(row):
    """The row's cells, their markup kept, without the blanks beside tags."""
    return [re.sub(r"\s*(<[^>]+>)\s*", r"\1", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def joined(queries, table):
    """The queries joining ``table`` to other tables (rather than looking its rows up by key in a subquery)."""
    return [sql for sql in queries if re.search(rf'(FROM|JOIN) "{table}"[^()]*JOIN|JOIN "{table}"', sql)]


def test_user_list_row_shows_role_scope_and_local_last_login(admin_client):
    schemas = [
        factories.SchemaFactory(title="Schéma du Rhône", department_code="69", first_year=2024),
        factories.SchemaFactory(title="Schéma de l'Ain", department_code="01", first_year=2023),
    ]
    conseiller = factories.ConseillerFactory(email="conseillere@exemple.fr", schemas=schemas)
    # Late on 1 March in UTC: 2 March already in Paris, where the administrateur reads the list.
    conseiller.last_login = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC)
    conseiller.save()
    structures = [factories.StructureFactory(name="Maison des Pentes"), factories.StructureFactory(name="Centre Bellevue")]
    factories.DirecteurFactory(email="directeur@exemple.fr", structures=structures)
    caf = factories.OrganisationFactory(name="Caf du Rhône")
    factories.PartenaireFactory(email="partenaire@exemple.fr", organisation=caf)

    content = admin_client.get(reverse("comptes:user_list")).content.decode()

    row = row_of(content, "conseillere@exemple.fr")
    assert cells(row)[1] == "Conseiller Caf" + SCOPE_LINE.format("Schéma de l&#x27;Ain (01)") + SCOPE_LINE.format(
        "Schéma du Rhône (69)"
    )
    assert "Dernière connexion : 02/03/2025" in row
    row = row_of(content, "directeur@exemple.fr")
    assert cells(row)[1] == "Directeur de structure" + SCOPE_LINE.format("Centre Bellevue") + SCOPE_LINE.format(
        "Maison des Pentes"
    )
    assert "Dernière connexion : jamais" in row
    assert cells(row_of(content, "partenaire@exemple.fr"))[1] == "Partenaire" + SCOPE_LINE.format("Caf du Rhône")


def test_user_list_forms_post_with_the_page_token(admin_user, conseiller):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username=conseiller.email, ip_address="127.0.0.1", failures_since_start=5)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    content = client.get(reverse("comptes:user_list")).content.decode()

    # « Débloquer » unlocks and returns to the list; « Désactiver » asks for a confirmation first.
    for name, status in (("user_unlock", 302), ("user_deactivate", 200)):
        action = reverse(f"comptes:{name}", args=[conseiller.pk])
        form = re.search(rf'<form method="post" action="{action}">(.*?)</form>', content, re.S).group(1)
        (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == status


def test_user_list_reads_structure_names_by_key(admin_client):
    structures = factories.StructureFactory.create_batch(3)
    for n in range(5):
        factories.DirecteurFactory(structures=structures[: n % 3 + 1])

    _, queries = page_queries(admin_client, reverse("comptes:user_list"))

    # A join to the structures made PostgreSQL read the whole country's table for a page's few names.
    assert joined(queries, "structures_structure") == []


def test_convention_list_row_shows_kind_dates_and_signatories(admin_client):
    convention = factories.ConventionFactory(
        title="CTG Vaulx", kind=ConventionKind.CTG, signed_on=datetime.date(2025, 2, 3), start_date=datetime.date(2025, 1, 1)
    )
    convention.organisations.add(
        factories.OrganisationFactory(name="Ville de Vaulx"), factories.OrganisationFactory(name="Caf du Rhône")
    )
    convention.structures.add(factories.StructureFactory(name="Centre Grand Vire"))
    factories.ConventionFactory(title="Projet", signed_on=None)

    response, queries = page_queries(admin_client, reverse("structures:convention_list"))

    content = response.content.decode()
    assert cells(row_of(content, "CTG Vaulx"))[:5] == [
        "CTG Vaulx",
        "Convention territoriale globale (CTG)",
        "03/02/2025",
        "01/01/2025 – …",
        "Caf du Rhône, Ville de Vaulx, Centre Grand Vire",
    ]
    assert cells(row_of(content, "Projet"))[1:5] == ["Convention tripartite Caf-commune-structure", "—", "—", ""]
    # The signatories' names read by key (a join made PostgreSQL read every organisation and structure).
    assert joined(queries, "structures_organisation") == joined(queries, "structures_structure") == []


def test_campaign_list_row_shows_dates_and_status(admin_client):
    schema = factories.SchemaFactory(title="Schéma de l'Ain", department_code="01")
    factories.CampaignFactory(
        schema=schema,
        year=2025,
        opens_on=datetime.date(2026, 1, 5),
        closes_on=datetime.date(2026, 3, 31),
        status=CampaignStatus.OPEN,
    )

    content = admin_client.get(reverse("indicateurs:campaign_list")).content.decode()

    assert cells(row_of(content, "Campagne 2025"))[1:] == [
        "Schéma de l&#x27;Ain",
        "05/01/2026",
        "31/03/2026",
        '<span class="badge avs-ind-status avs-ind-campaign-open">Ouverte</span>',
    ]
