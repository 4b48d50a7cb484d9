"""The one place where views check access to an object.

A view asks ``get_object_for_user(request.user, Structure, pk, "structures.view_structure")`` and gets
the object, a 404 when it does not exist, or a 403 with a French reason when the apps' rules
(``<app>/rules.py``) say no. The 403 page (``core.views.permission_denied``) shows that reason.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

DEFAULT_REASON = "Votre rôle ne vous donne pas accès à cette page."

# What the 403 page says, by permission. A permission without an entry gets DEFAULT_REASON.
REASONS = {
    "comptes.access_admin": "L'administration est réservée aux administrateurs du schéma.",
    "comptes.manage_users": "La gestion des comptes est réservée aux administrateurs du schéma.",
    "fiches.view_schema": "Ce schéma ne fait pas partie de votre périmètre.",
    "fiches.view_fiche": "Cette fiche-action appartient à un schéma qui ne fait pas partie de votre périmètre.",
    "fiches.view_action": "Cette action appartient à un schéma qui ne fait pas partie de votre périmètre.",
    "fiches.add_action_update": (
        "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent mettre à jour l'avancement de ses actions."
    ),
    "fiches.change_fiche": (
        "Seuls les administrateurs et les conseillers Caf qui suivent cette fiche-action peuvent la modifier."
    ),
    "fiches.add_fiche": "Seuls les administrateurs peuvent créer une fiche-action.",
    "fiches.manage_schemas": "Seuls les administrateurs créent les schémas et en définissent les axes et les orientations.",
    "fiches.export_actions": "Ce schéma ne fait pas partie de votre périmètre.",
    "fiches.import_action_updates": (
        "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent importer l'avancement de ses actions."
    ),
    "fiches.import_fiches": "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent importer ses fiches-actions.",
    "structures.view_structure": "Cette structure ne fait pas partie de votre périmètre.",
    "structures.view_structure_private": (
        "Les informations internes de cette structure sont réservées à la Caf et à la direction de la structure."
    ),
    "structures.change_structure": (
        "Seuls les administrateurs et les conseillers Caf du territoire de cette structure peuvent la modifier."
    ),
    "structures.change_structure_contact": (
        "Seuls la direction de la structure et la Caf de son territoire peuvent modifier ses coordonnées."
    ),
    "structures.add_structure": "Seuls les administrateurs et les conseillers Caf peuvent créer une structure.",
    "structures.import_structures": "L'import de structures est réservé aux administrateurs et aux conseillers Caf.",
    "structures.view_organisation": "L'annuaire des organisations est réservé à la Caf et à ses partenaires.",
    "structures.view_convention": "Les conventions sont réservées à la Caf et à ses partenaires.",
    "structures.change_convention": (
        "Seuls les administrateurs et les conseillers Caf du département de cette convention peuvent la modifier."
    ),
    "structures.view_figures": "Les chiffres du territoire sont réservés à la Caf et à ses partenaires.",
    "indicateurs.view_indicator": "Cet indicateur appartient à un schéma qui ne fait pas partie de votre périmètre.",
    "indicateurs.change_indicator": "Seuls les administrateurs définissent les indicateurs.",
    "indicateurs.manage_campaign": "Seuls les administrateurs gèrent les campagnes.",
    "indicateurs.view_campaign": "Cette campagne concerne un schéma qui ne fait pas partie de votre périmètre.",
    "indicateurs.view_results": "Ce schéma ne fait pas partie de votre périmètre.",
    "indicateurs.view_completeness": "Cette campagne concerne un schéma qui ne fait pas partie de votre périmètre.",
    "indicateurs.view_structure_answers": (
        "Les valeurs saisies par chaque structure sont réservées aux administrateurs et aux conseillers Caf du schéma."
    ),
    "indicateurs.view_entry": "Cette structure n'est pas la vôtre.",
    "indicateurs.enter_values": "Cette structure n'est pas la vôtre.",
    "indicateurs.validate_values": "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent faire cela.",
    "indicateurs.enter_schema_values": "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent faire cela.",
    "indicateurs.import_values": "Seuls les administrateurs importent des valeurs.",
    "gouvernance.view_instance": (
        "Les réunions et décisions de cette instance sont réservées à la Caf du schéma et aux partenaires membres de l'instance."
    ),
    "gouvernance.record": (
        "Seuls les administrateurs et les conseillers Caf de ce schéma enregistrent ses instances, réunions et décisions."
    ),
    "gouvernance.view_register": (
        "Le registre des décisions est réservé à la Caf du schéma et aux partenaires membres de ses instances."
    ),
    "gouvernance.set_weather": (
        "Seuls les administrateurs et les conseillers Caf qui pilotent cette fiche-action en fixent la météo."
    ),
    "rapports.view_dashboard": "Les tableaux de bord sont réservés à la Caf et à ses partenaires.",
    "rapports.download_report": "Le bilan annuel est réservé à la Caf et à ses partenaires.",
}


def denial_reason(perm):
    return REASONS.get(perm, DEFAULT_REASON)


def check_perm(user, perm, obj=None, *, reason=None):
    """Raise PermissionDenied (rendered as the French 403 page) unless ``user`` has ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(reason or denial_reason(perm))


def get_object_for_user(user, queryset_or_model, pk, perm, *, reason=None):
    """Return the object ``pk`` of ``queryset_or_model`` if ``user`` has ``perm`` on it.

    Raises Http404 when no such object exists, PermissionDenied with a French reason (``reason``,
    or the permission's entry in REASONS) when the rules refuse it. Pass a queryset to choose
    what is loaded with the object (``select_related``…): the rules then read it without more queries.
    """
    if isinstance(queryset_or_model, QuerySet):
        queryset = queryset_or_model
    elif isinstance(queryset_or_model, type) and issubclass(queryset_or_model, Model):
        queryset = queryset_or_model._default_manager.all()
    else:
        raise TypeError(f"A model or a queryset is expected, not {queryset_or_model!r}.")
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404(f"Aucun objet « {queryset.model._meta.verbose_name} » ne correspond à cette adresse.") from error
    check_perm(user, perm, obj, reason=reason)
    return obj


class AdminRolePermissionsMixin:
    """For ModelAdmin and inline classes: the Django admin is the administrateurs' tool.

    An active administrateur (or superuser) may do everything there; nobody else anything, whatever
    the model-level answers of the rules (a conseiller may change *some* structures, which the admin,
    which does not ask per object, could not enforce). Django's ``is_staff`` still gates the site.
    """

    def _admin_allowed(self, request):
        from comptes.rules import is_admin

        return is_admin(request.user)

    def has_module_permission(self, request):
        return self._admin_allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._admin_allowed(request)

    def has_add_permission(self, request, *args, **kwargs):
        return self._admin_allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._admin_allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._admin_allowed(request)
