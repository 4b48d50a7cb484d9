"""Who may read the dashboards and download the reports.

The Caf and its partners read the dashboards (DOMAIN: partners read them and download the annual report):
administrateurs and partners every schéma's, a conseiller the schémas entrusted to them. Directors do
not: they get a French 403 that says why. A fiche's PDF follows the fiche's own rule
(``fiches.view_fiche``), a structure's file its private rule (``structures.view_structure_private``).
"""

import rules

from comptes.rules import is_admin, is_conseiller_of_schema, is_directeur, is_partenaire, is_staff_caf
from core.access import DEFAULT_REASON, permission

DIRECTOR_REASON = (
    "Les tableaux de bord et le bilan annuel sont réservés à la Caf et à ses partenaires : "
    "en tant que directeur ou directrice de structure, vous consultez la fiche de votre structure "
    "et renseignez ses indicateurs."
)
OUT_OF_SCOPE_REASON = "Ce schéma ne fait pas partie de votre périmètre : ses tableaux de bord ne vous sont pas ouverts."


@rules.predicate
def can_view_dashboard(user, schema=None):
    """Without a schéma: may this person open the dashboards at all? With one: this schéma's?"""
    if schema is None:
        return is_staff_caf(user) or is_partenaire(user)
    return is_admin(user) or is_partenaire(user) or is_conseiller_of_schema(user, schema)


@rules.predicate
def can_download_partner_report(user, organisation):
    """An organisation's own report: the Caf's staff for any organisation (the schéma's access is checked
    apart), a partner for the organisation they represent only."""
    if is_staff_caf(user):
        return True
    return is_partenaire(user) and organisation is not None and user.organisation_id == organisation.pk


def _refused_reader(otherwise):
    """The reason a dashboard (or the report) is refused: what a director reads instead, that the schéma is
    out of a Caf person's scope, else ``otherwise``."""

    def reason(user, obj):
        if is_directeur(user):
            return DIRECTOR_REASON
        if is_staff_caf(user):
            return OUT_OF_SCOPE_REASON
        return otherwise

    return reason


def _partner_report_reason(user, organisation):
    if is_partenaire(user):
        return "Vous ne pouvez télécharger que le bilan de l'organisation que vous représentez."
    return _refused_reader(DEFAULT_REASON)(user, organisation)


permission(
    "rapports.view_dashboard",
    can_view_dashboard,
    reason=_refused_reader("Les tableaux de bord sont réservés à la Caf et à ses partenaires."),
)
permission(
    "rapports.download_report",
    can_view_dashboard,
    reason=_refused_reader("Le bilan annuel est réservé à la Caf et à ses partenaires."),
)
permission("rapports.download_partner_report", can_download_partner_report, reason=_partner_report_reason)


def own_report_organisation_id(user):
    """The id of the organisation whose own report a partner downloads from the dashboards (no query: the
    rule above grants a partner their organisation's report), else None."""
    return user.organisation_id if is_partenaire(user) else None


def structure_names_visible(user, indicator):
    """Whether ``user`` reads the free-text answers of ``indicator`` with the name of each structure: the
    Caf's staff always; partners only when the Caf allows it for that indicator
    (``Indicator.names_shown_to_partners``). ``user`` None: the annual report, which partners read."""
    return (user is not None and is_staff_caf(user)) or indicator.names_shown_to_partners
