"""The people the fiches tests check access for: directeur_b directs a structure of the Val-de-Marne, where the
Rhône schéma is none of their business."""

from tests.worlds import cast

people = cast(
    admin="admin_user",
    conseiller="conseiller",
    other_conseiller="conseiller_94",
    directeur_a="directeur_a",
    directeur_b="directeur_c",
    partenaire="partenaire",
    anonymous=None,
)
