"""Views of the structures app, by subject (structures, agréments, directory, figures, import)."""

from .agrements import agrement_create, agrement_delete, agrement_edit, agrement_renew, agrements_ending
from .directory import (
    convention_create,
    convention_edit,
    convention_list,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
)
from .figures import avs_en_bref, coverage
from .fundings import funding_create, funding_delete, funding_edit
from .imports import structure_import, structure_import_rejected, structure_import_template
from .structures import structure_contact_edit, structure_create, structure_detail, structure_edit, structure_list

__all__ = [
    "agrement_create",
    "agrement_delete",
    "agrement_edit",
    "agrement_renew",
    "agrements_ending",
    "avs_en_bref",
    "convention_create",
    "convention_edit",
    "convention_list",
    "coverage",
    "funding_create",
    "funding_delete",
    "funding_edit",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "structure_contact_edit",
    "structure_create",
    "structure_detail",
    "structure_edit",
    "structure_import",
    "structure_import_rejected",
    "structure_import_template",
    "structure_list",
]
