import csv
import io

from django.urls import reverse

from .conftest import LATE_TEXT


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_register_csv_holds_the_decisions_a_member_reads(client, gov):
    client.force_login(gov.users["partenaire"])
    response = client.get(reverse("gouvernance:decision_export", args=[gov.schema.pk, "csv"]) + "?late=oui")
    assert response.status_code == 200
    assert _rows(response) == [
        [
            "Instance",
            "Réunion",
            "Décision",
            "Fiches-actions",
            "Actions",
            "Portée par",
            "Personne",
            "Échéance",
            "Statut",
            "En retard",
        ],
        [
            "Comité de pilotage du SDAVS",
            "14/03/2025",
            LATE_TEXT,
            "",
            "PA 2.1.2 action 1",
            "Caf du Rhône",
            str(gov.users["conseiller"]),
            "30/09/2025",
            "En cours",
            "oui",
        ],
    ]


def test_register_csv_of_a_non_member_holds_no_decision(client, gov):
    client.force_login(gov.users["outsider"])
    response = client.get(reverse("gouvernance:decision_export", args=[gov.schema.pk, "csv"]))
    assert response.status_code == 200
    assert len(_rows(response)) == 1
    assert LATE_TEXT not in response.content.decode("utf-8-sig")


def test_register_export_refused_to_directors(client, gov):
    client.force_login(gov.users["directeur"])
    response = client.get(reverse("gouvernance:decision_export", args=[gov.schema.pk, "xlsx"]))
    assert response.status_code == 403
