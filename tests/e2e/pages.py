"""The main pages checked for accessibility and at two sizes: a name, who looks at it, where it is."""

from django.urls import reverse

from demo import DEMO_SCHEMA_SLUG

ADMIN = "admin@demo.avs.fr"
CONSEILLER = "conseiller@demo.avs.fr"
DIRECTEUR = "directeur@demo.avs.fr"
PARTENAIRE = "partenaire@demo.avs.fr"
ANONYMOUS = ""

DEMO_CAMPAIGN_YEAR = 2025


def demo_objects():
    """The demo objects the pages are about (call with the database unblocked)."""
    from comptes.models import User
    from fiches.models import Action, Fiche, Schema
    from indicateurs.models import Campaign

    schema = Schema.objects.get(slug=DEMO_SCHEMA_SLUG)
    structure = User.objects.get(email=DIRECTEUR).structures.order_by("pk").first()
    return {
        "schema": schema,
        "fiche": Fiche.objects.filter(schema=schema).order_by("code").first(),
        "action": Action.objects.filter(fiche__schema=schema).order_by("fiche__code", "number").first(),
        "structure": structure,
        "campaign": Campaign.objects.get(schema=schema, year=DEMO_CAMPAIGN_YEAR),
    }


# name → (account, function of demo_objects() giving the path)
MAIN_PAGES = {
    "connexion": (ANONYMOUS, lambda o: reverse("login")),
    "accueil": (CONSEILLER, lambda o: reverse("home")),
    "schema": (CONSEILLER, lambda o: reverse("fiches:schema_detail", args=[o["schema"].pk])),
    "fiche": (CONSEILLER, lambda o: reverse("fiches:fiche_detail", args=[o["fiche"].pk])),
    "action": (CONSEILLER, lambda o: reverse("fiches:action_detail", args=[o["action"].pk])),
    "liste-actions": (CONSEILLER, lambda o: reverse("fiches:action_list")),
    "structures": (CONSEILLER, lambda o: reverse("structures:structure_list")),
    "structure": (CONSEILLER, lambda o: reverse("structures:structure_detail", args=[o["structure"].pk])),
    "saisie-directeur": (
        DIRECTEUR,
        lambda o: reverse("indicateurs:entry", args=[o["campaign"].pk, o["structure"].pk]),
    ),
    "validation": (
        CONSEILLER,
        lambda o: reverse("indicateurs:validation_structure", args=[o["campaign"].pk, o["structure"].pk]),
    ),
    "campagne": (CONSEILLER, lambda o: reverse("indicateurs:campaign_detail", args=[o["campaign"].pk])),
    "campagne-admin": (ADMIN, lambda o: reverse("indicateurs:campaign_detail", args=[o["campaign"].pk])),
    "completude": (CONSEILLER, lambda o: reverse("indicateurs:completeness", args=[o["campaign"].pk])),
    "relance": (CONSEILLER, lambda o: reverse("indicateurs:campaign_remind", args=[o["campaign"].pk]) + "?toutes=1"),
    "cloture": (ADMIN, lambda o: reverse("indicateurs:campaign_close", args=[o["campaign"].pk])),
    "tableaux-de-bord": (PARTENAIRE, lambda o: reverse("rapports:dashboard")),
    "tdb-avancement": (PARTENAIRE, lambda o: reverse("rapports:schema_dashboard", args=[o["schema"].pk])),
    "tdb-indicateurs": (PARTENAIRE, lambda o: reverse("rapports:indicators_dashboard", args=[o["schema"].pk])),
    "schema-axes": (ADMIN, lambda o: reverse("fiches:schema_axes", args=[o["schema"].pk])),
    "fiche-modifier": (ADMIN, lambda o: reverse("fiches:fiche_edit", args=[o["fiche"].pk])),
    "tdb-structures": (PARTENAIRE, lambda o: reverse("rapports:structures_dashboard", args=[o["schema"].pk])),
    "avs-en-bref": (PARTENAIRE, lambda o: reverse("structures:avs_en_bref")),
}
