"""Who may read and change schémas, fiches and actions."""

import rules

from comptes.rules import has_role, is_admin, is_conseiller, is_conseiller_of_schema
from core.access import permission

from .models import Schema
from .scopes import readable_schemas

OUT_OF_SCOPE_REASON = "Ce schéma ne fait pas partie de votre périmètre."


@rules.predicate
def can_read_schema(user, schema=None):
    """Reading a schéma: the scope ``Schema.objects.for_user`` lists too (fiches.scopes).

    Without a schéma (model level), every role reads some schémas."""
    if schema is None:
        return has_role(user)
    return schema in readable_schemas(user)


def _schema_of(obj):
    """The schéma an action, a fiche or an indicator belongs to."""
    fiche = getattr(obj, "fiche", obj)
    return fiche.schema


@rules.predicate
def can_read_in_schema(user, obj=None):
    """Reading a fiche, an action or an indicator: whoever reads its schéma."""
    return can_read_schema(user, None if obj is None else _schema_of(obj))


permission("fiches.view_schema", can_read_schema, reason=OUT_OF_SCOPE_REASON)
permission(
    "fiches.view_fiche",
    can_read_in_schema,
    reason="Cette fiche-action appartient à un schéma qui ne fait pas partie de votre périmètre.",
)
permission(
    "fiches.view_action",
    can_read_in_schema,
    reason="Cette action appartient à un schéma qui ne fait pas partie de votre périmètre.",
)


# --- Writing ---------------------------------------------------------------------------------------


def _followed_fiche_ids(user):
    """The fiches a user follows, read once per request (kept on the user object)."""
    if not hasattr(user, "_rules_followed_fiche_ids"):
        user._rules_followed_fiche_ids = frozenset(user.followed_fiches.values_list("pk", flat=True))
    return user._rules_followed_fiche_ids


@rules.predicate
def is_conseiller_of_object_schema(user, obj=None):
    """A conseiller of the schéma the object (schéma, fiche or action) belongs to; at model level, any conseiller."""
    if obj is None:
        return is_conseiller(user)
    schema = obj if isinstance(obj, Schema) else _schema_of(obj)
    return is_conseiller_of_schema(user, schema)


@rules.predicate
def pilots_fiche(user, fiche=None):
    """A conseiller "pilots" a fiche when they follow it (Fiche.followers) within one of their schémas.

    The pilot *organisations* of a fiche (Caf, Métropole…) are organisations, not people: the person
    who carries the fiche at the Caf is the conseiller who follows it, so following is piloting here."""
    if fiche is None:
        return is_conseiller(user)
    return is_conseiller_of_schema(user, fiche.schema) and fiche.pk in _followed_fiche_ids(user)


def _schema_or_none(obj):
    return obj if obj is None or isinstance(obj, Schema) else _schema_of(obj)


@rules.predicate
def can_read_schema_of(user, obj=None):
    """Whoever reads the schéma of the object (or the schéma itself)."""
    return can_read_schema(user, _schema_or_none(obj))


# Recording progress: administrators, and the conseillers of the action's schéma.
permission(
    "fiches.add_action_update",
    is_admin | is_conseiller_of_object_schema,
    reason="Seuls les administrateurs et les conseillers Caf de ce schéma peuvent mettre à jour l'avancement de ses actions.",
)
# Editing a fiche (its sections, actions, échéances, organisations, results): administrators, and
# the conseillers who pilot it (see pilots_fiche).
permission(
    "fiches.change_fiche",
    is_admin | pilots_fiche,
    reason="Seuls les administrateurs et les conseillers Caf qui suivent cette fiche-action peuvent la modifier.",
)
# Creating a fiche in a schéma: administrators.
permission("fiches.add_fiche", is_admin, reason="Seuls les administrateurs peuvent créer une fiche-action.")
# Exporting a schéma's actions (CSV/XLSX): whoever reads the schéma.
permission("fiches.export_actions", can_read_schema_of, reason=OUT_OF_SCOPE_REASON)
# Importing progress updates of a schéma's actions: whoever may record them.
permission(
    "fiches.import_action_updates",
    is_admin | is_conseiller_of_object_schema,
    reason="Seuls les administrateurs et les conseillers Caf de ce schéma peuvent importer l'avancement de ses actions.",
)
# Importing fiches from documents (creating or updating them): administrators, and the conseillers of the schéma.
permission(
    "fiches.import_fiches",
    is_admin | is_conseiller_of_object_schema,
    reason="Seuls les administrateurs et les conseillers Caf de ce schéma peuvent importer ses fiches-actions.",
)
# Setting up schémas (creating and editing them, their axes and orientations): administrateurs.
permission(
    "fiches.manage_schemas",
    is_admin,
    reason="Seuls les administrateurs créent les schémas et en définissent les axes et les orientations.",
)
