"""The pages the benchmark measures: a URL name, who asks for it, and how to build its arguments.

A page whose URL name does not resolve (its page is not built) is reported as « page absente » and
skipped: running the benchmark again once it exists measures it, without any change here. Arguments are built
from the demo schéma (Rhône), which exists at both scales, so that the same page is compared.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

ADMIN = "admin@demo.avs.fr"
CONSEILLER = "conseiller@demo.avs.fr"
DIRECTEUR = "directeur@demo.avs.fr"
PARTENAIRE = "partenaire@demo.avs.fr"
ROLE_LABELS = {ADMIN: "admin", CONSEILLER: "conseiller", DIRECTEUR: "directeur", PARTENAIRE: "partenaire"}
BASELINE_URL_NAME = "bench_baseline"


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    user: str
    kwargs: object = None  # a function of the BenchContext returning the URL's kwargs
    query: str = ""
    tags: tuple = field(default_factory=tuple)

    def url(self, context):
        """The page's URL, or None when its URL name does not resolve yet."""
        kwargs = self.kwargs(context) if self.kwargs else {}
        try:
            url = reverse(self.url_name, kwargs=kwargs)
        except NoReverseMatch:
            return None
        return f"{url}?{self.query}" if self.query else url


@dataclass
class BenchContext:
    """The demo objects the URLs point at."""

    schema: object
    fiche: object
    action: object
    structure: object
    campaign: object

    @classmethod
    def load(cls):
        from comptes.models import User
        from demo import DEMO_SCHEMA_SLUG
        from fiches.models import Action, Fiche, Schema
        from indicateurs.models import Campaign

        schema = Schema.objects.get(slug=DEMO_SCHEMA_SLUG)
        fiche = Fiche.objects.filter(schema=schema).order_by("code").first()
        action = Action.objects.filter(fiche=fiche).order_by("number").first()
        structure = User.objects.get(email=DIRECTEUR).structures.order_by("pk").first()
        campaign = Campaign.objects.filter(schema=schema).order_by("-year").first()
        return cls(schema=schema, fiche=fiche, action=action, structure=structure, campaign=campaign)


def _schema(c):
    return {"pk": c.schema.pk}


PAGES = (
    Page("Accueil", "home", CONSEILLER),
    Page("Accueil (admin)", "home", ADMIN),
    # The header's search: a commune's name, which an administrateur finds in every kind at national scale.
    Page("Recherche (admin)", "search", ADMIN, query="q=saint"),
    Page("Recherche", "search", CONSEILLER, query="q=venissieux"),
    Page("Schémas (liste)", "fiches:schema_list", CONSEILLER),
    Page("Schéma", "fiches:schema_detail", CONSEILLER, _schema),
    Page("Fiche-action", "fiches:fiche_detail", CONSEILLER, lambda c: {"pk": c.fiche.pk}),
    Page("Actions (liste)", "fiches:action_list", CONSEILLER),
    Page("Actions (liste, admin)", "fiches:action_list", ADMIN),
    Page("Action", "fiches:action_detail", CONSEILLER, lambda c: {"pk": c.action.pk}),
    Page("Structures (liste)", "structures:structure_list", CONSEILLER),
    Page("Structures (liste, admin)", "structures:structure_list", ADMIN),
    Page("Organisations (liste, admin)", "structures:organisation_list", ADMIN),
    Page("Conventions (liste, admin)", "structures:convention_list", ADMIN),
    Page("Utilisateurs (liste, admin)", "comptes:user_list", ADMIN),
    Page("Campagnes (liste, admin)", "indicateurs:campaign_list", ADMIN),
    Page("Structure", "structures:structure_detail", CONSEILLER, lambda c: {"pk": c.structure.pk}),
    Page("Agréments à renouveler", "structures:agrements_ending", CONSEILLER),
    Page("Couverture territoriale", "structures:coverage", CONSEILLER),
    Page("L'AVS en bref", "structures:avs_en_bref", PARTENAIRE),
    Page("Indicateurs (liste)", "indicateurs:indicator_list", CONSEILLER),
    Page("Résultats des indicateurs", "indicateurs:results", CONSEILLER, lambda c: {"schema_pk": c.schema.pk}),
    Page("Campagne", "indicateurs:campaign_detail", CONSEILLER, lambda c: {"pk": c.campaign.pk}),
    Page(
        "Saisie du directeur",
        "indicateurs:entry",
        DIRECTEUR,
        lambda c: {"campaign_pk": c.campaign.pk, "structure_pk": c.structure.pk},
    ),
    Page("Complétude", "indicateurs:completeness", CONSEILLER, lambda c: {"pk": c.campaign.pk}),
    Page("Validation", "indicateurs:validation", CONSEILLER, lambda c: {"campaign_pk": c.campaign.pk}),
    Page("Tableau de bord", "rapports:dashboard", PARTENAIRE),
    Page("Tableau de bord (admin)", "rapports:dashboard", ADMIN),
    Page("Tableau de bord : avancement", "rapports:schema_dashboard", PARTENAIRE, _schema),
    Page("Tableau de bord : indicateurs", "rapports:indicators_dashboard", PARTENAIRE, _schema),
    Page("Tableau de bord : structures", "rapports:structures_dashboard", PARTENAIRE, _schema),
)

# The annual report PDF of one département: the demo's Rhône, at national scale.
ANNUAL_REPORT = Page(
    "Bilan annuel PDF (Rhône)",
    "rapports:annual_report_pdf",
    PARTENAIRE,
    lambda c: {"pk": c.schema.pk, "year": c.campaign.year},
)


def baselines_for(pages):
    """One baseline page per person the measured pages are asked by."""
    users = sorted({page.user for page in pages}, key=list(ROLE_LABELS).index)
    return [Page(f"Référence ({ROLE_LABELS[user]})", BASELINE_URL_NAME, user, tags=("baseline",)) for user in users]
