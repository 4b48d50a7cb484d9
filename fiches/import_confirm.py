"""Writing a previewed fiche import: every importable file at once, in one transaction, or nothing."""

from django.db import transaction

from indicateurs.enums import IndicatorLevel

from .import_preview import FichePreview, ImportPreview
from .importer_text import key
from .models import Fiche
from .services import OrganisationDirectory, import_fiche


class ChosenDirectory(OrganisationDirectory):
    """The importer's directory, answering the organisation the person chose in the preview for a name."""

    def __init__(self, schema, chosen):
        super().__init__(schema)
        self.chosen = chosen

    def resolve(self, name):
        return self.chosen.get(key(name)) or super().resolve(name)


def confirm_import(*, preview: ImportPreview) -> list[tuple[Fiche, bool]]:
    """Write the fiches of the preview's importable files, with the corrections it holds.

    Raises FicheFormatError (nothing written) when a fiche cannot be written, e.g. the data changed since the
    preview was read. Returns (fiche, created) pairs in the order of the files.
    """
    if not preview.can_confirm:
        raise ValueError("This preview cannot be confirmed.")
    results = []
    with transaction.atomic():
        for file in preview.importable_files:
            for fiche_preview in file.fiches:
                results.append(_write(preview.schema, fiche_preview))
    return results


def _write(schema, fiche_preview: FichePreview) -> tuple[Fiche, bool]:
    directory = ChosenDirectory(schema, fiche_preview.organisation_choices())
    fiche, created = import_fiche(fiche_preview.corrected(), schema=schema, directory=directory)
    # A new schéma-level indicator that counts what the application holds is computed from that source.
    indicators = {indicator.order: indicator for indicator in fiche.indicators.all()}
    for order, item in enumerate(fiche_preview.indicators):
        indicator = indicators[order]
        source = item.source if item.correctable and item.level == IndicatorLevel.SCHEMA else None
        if source is not None and indicator.computed_source != source:
            indicator.computed_source = source
            indicator.save(update_fields=["computed_source"])
    return fiche, created
