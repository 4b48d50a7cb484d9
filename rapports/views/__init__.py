from .dashboards import dashboard, indicators_dashboard, schema_dashboard, structures_dashboard
from .pdfs import annual_report_pdf, fiche_pdf, partner_report_pdf, structure_pdf

__all__ = [
    "annual_report_pdf",
    "dashboard",
    "fiche_pdf",
    "indicators_dashboard",
    "partner_report_pdf",
    "schema_dashboard",
    "structure_pdf",
    "structures_dashboard",
]
