"""A fiche written for the import tests (in the seed format, in our own words) and helpers to upload and confirm it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

GARDENS = """3 - FAVORISER LA PARTICIPATION DES HABITANTS

3.2 - Soutenir les initiatives portées par les habitants

PA 3.2.4 - ACCOMPAGNER LES JARDINS PARTAGÉS DE QUARTIER

DIAGNOSTIC

Les jardins partagés se multiplient dans les quartiers sans appui régulier des structures.

PILOTAGE / COORDINATION

- ➔ Caf du Rhône dans le cadre du suivi des projets d'habitants

PARTENAIRES IMPLIQUÉS

- ➔ Collectif des jardiniers solidaires
- ➔ Métropole de Lyon

ACTION 1

- ➔ Recenser les jardins partagés animés par les structures.

ACTION 2

- ➔ Organiser chaque année une rencontre des jardiniers.

ÉCHÉANCES

- ➔ Action 1 : 2023 à 2024
- ➔ Action 2 : 2024 à 2026

RÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION

- ➔ Meilleure connaissance des jardins du territoire
- ➔ Nombre de jardins partagés recensés
- ➔ Taux de structures présentes à la rencontre
"""

# The same fiche with its axis retitled, action 2 and its échéance changed, one partner less and a new result.
GARDENS_V2 = (
    GARDENS.replace("3 - FAVORISER LA PARTICIPATION DES HABITANTS", "3 - ENCOURAGER LA PARTICIPATION DES HABITANTS")
    .replace("Organiser chaque année une rencontre des jardiniers.", "Organiser deux rencontres par an des jardiniers.")
    .replace("Action 2 : 2024 à 2026", "Action 2 : 2025 à 2026")
    .replace("- ➔ Métropole de Lyon\n", "")
    .replace("- ➔ Nombre de jardins", "- ➔ Des jardins ouverts aux écoles\n- ➔ Nombre de jardins")
)

# A second fiche of the same orientation.
COMPOST = """3 - FAVORISER LA PARTICIPATION DES HABITANTS

3.2 - Soutenir les initiatives portées par les habitants

PA 3.2.5 - DÉVELOPPER LE COMPOSTAGE COLLECTIF

ACTION 1

- ➔ Installer des composteurs au pied des immeubles.

ÉCHÉANCES

- ➔ 2024 à 2025
"""


def text_file(name, text, encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/plain")


def upload(client, schema, *files):
    return client.post(reverse("fiches:fiche_import", args=[schema.pk]), {"files": list(files)})


def preview_url(schema):
    return reverse("fiches:fiche_import_preview", args=[schema.pk])


def seen(client, schema):
    """The hidden fields of the preview page, as the browser posts them back."""
    context = client.get(preview_url(schema)).context
    return {"token": context["token"], "importable": context["importable"], "confirm": "1"}


def confirm(client, schema, corrections=None):
    """Open the preview, then post it with the given corrections (field name → value)."""
    return client.post(preview_url(schema), {**seen(client, schema), **(corrections or {})})
