"""A fiche laid out like the source documents: the text sections that come before its actions, each under the
heading the documents give it."""

from dataclasses import dataclass

from .enums import FicheRole, FicheSection
from .reading.headings import SECTION_TITLES

# The sections that name organisations: their organisations are links to the directory.
ORGANISATION_ROLES = {
    FicheSection.PILOTAGE: FicheRole.PILOT,
    FicheSection.PARTNERS: FicheRole.PARTNER,
    FicheSection.RESOURCES: FicheRole.FUNDER,
}
# The documents write these sections as lists; the others as paragraphs.
LISTED = {FicheSection.PUBLICS, FicheSection.PARTNERS, FicheSection.RESOURCES}
# The partners and funders typed as text before they were linked: shown only while no organisation is.
REPLACED_BY_LINKS = {FicheSection.PARTNERS, FicheSection.RESOURCES}


@dataclass
class DocumentSection:
    name: str
    title: str
    text: str
    listed: bool
    links: list | None  # FicheOrganisation rows of the section's role; None for a section without organisations


def sections_before_actions(fiche, links):
    """The fiche's text sections up to its actions (the échéances follow them), from ``links``, its
    FicheOrganisation rows. A section without organisations and without text is left out."""
    sections = []
    for section in FicheSection:
        if section == FicheSection.SCHEDULE:
            continue
        role = ORGANISATION_ROLES.get(section)
        section_links = [link for link in links if link.role == role] if role else None
        text = getattr(fiche, section.value)
        if section in REPLACED_BY_LINKS and section_links:
            text = ""
        if section_links is None and not text:
            continue
        sections.append(DocumentSection(section.value, SECTION_TITLES[section.value], text, section in LISTED, section_links))
    return sections
