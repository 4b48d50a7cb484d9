"""A parsed fiche as plain data, every field the corpus asserts (line numbers aside)."""

TEXT_FIELDS = ("diagnostic", "principles", "publics", "pilotage", "partners_text", "resources", "schedule")


def summary(fiche) -> dict:
    return {
        "code": fiche.code,
        "axis": (fiche.axis_number, fiche.axis_title),
        "orientation": (fiche.orientation_number, fiche.orientation_title),
        "title": fiche.title,
        "texts": {name: getattr(fiche, name) for name in TEXT_FIELDS if getattr(fiche, name)},
        "actions": [(a.number, a.first_year, a.last_year, a.text) for a in fiche.actions],
        "results": [result.text for result in fiche.expected_results],
        "indicators": [
            (i.label, str(i.kind), str(i.aggregation), str(i.level), str(i.source), i.unit, i.comment_asked)
            for i in fiche.indicators
        ],
        "organisations": [(str(o.role), o.name, o.detail) for o in fiche.organisations],
        "categories": [(str(o.role), o.name) for o in fiche.categories],
        "other_sections": list(fiche.other_sections),
    }
