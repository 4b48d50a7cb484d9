"""The people the structures tests check access for: one of each role, plus a conseiller of another département."""

import pytest

from tests.worlds import EVERY_ROLE, cast

# Structures A and B are in the Rhône, the conseiller's département; conseiller_94 follows the Val-de-Marne.
people = cast(**EVERY_ROLE)


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
