"""People for the structures tests: one of each role, plus a conseiller of another département."""

import pytest

from tests import factories


@pytest.fixture
def conseiller_94(db):
    schema_94 = factories.SchemaFactory(department_code="94", department_name="Val-de-Marne", slug="val-de-marne")
    return factories.ConseillerFactory(email="conseiller.94@exemple.fr", schemas=[schema_94])


@pytest.fixture
def people(admin_user, conseiller, conseiller_94, directeur_a, directeur_b, partenaire):
    """Every kind of person, by name (structures A and B are in the Rhône, conseiller's département)."""
    return {
        "admin": admin_user,
        "conseiller": conseiller,
        "conseiller_94": conseiller_94,
        "directeur_a": directeur_a,
        "directeur_b": directeur_b,
        "partenaire": partenaire,
    }


@pytest.fixture
def status_for(client, people):
    """status_for(url) → {person: HTTP status of a GET} (None as the person: anonymous)."""

    def get(url, method="get", data=None):
        statuses = {}
        for name, user in [*people.items(), ("anonyme", None)]:
            client.logout()
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(url, data or {})
            statuses[name] = response.status_code
        client.logout()
        return statuses

    return get
