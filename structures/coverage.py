"""Territorial coverage of a département: structures per commune and per EPCI, communes without any,
share of the population living in a commune that has one, and a server-side SVG map."""

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db.models import Count

from core.numbers import percent

from .figures import agreed_structures
from .models import Commune, Structure

GEOJSON_DIR = Path(__file__).resolve().parent / "data"
MAP_WIDTH = 640


@dataclass
class CommuneRow:
    insee_code: str
    name: str
    epci_name: str
    population: int
    structure_count: int = 0


@dataclass
class EpciRow:
    code: str
    name: str
    commune_count: int = 0
    covered_commune_count: int = 0
    population: int = 0
    covered_population: int = 0
    structure_count: int = 0

    @property
    def covered_share(self):
        return percent(self.covered_population, self.population)


@dataclass
class Coverage:
    department_code: str
    min_population: int
    communes: list[CommuneRow] = field(default_factory=list)  # communes (arrondissements folded into their city)
    epcis: list[EpciRow] = field(default_factory=list)
    structure_count: int = 0
    population: int = 0
    covered_population: int = 0

    @property
    def with_structures(self):
        return sorted((c for c in self.communes if c.structure_count), key=lambda c: (-c.structure_count, c.name))

    @property
    def uncovered_above(self):
        """Communes of at least ``min_population`` inhabitants without any structure, largest first."""
        return sorted(
            (c for c in self.communes if not c.structure_count and c.population >= self.min_population),
            key=lambda c: (-c.population, c.name),
        )

    @property
    def covered_share(self):
        return percent(self.covered_population, self.population)


def coverage(*, department_code, min_population=5000, year=None):
    """The coverage of the département by its structures; with ``year``, by the structures agréées in that
    year only (figures.agreed_structures), as the annual report of that year counts them."""
    communes = list(Commune.objects.in_department(department_code).order_by("name"))
    parents = {c.insee_code: (c.parent_code or c.insee_code) for c in communes}
    counts = {}
    if year is None:
        structures = Structure.objects.in_department(department_code)
    else:
        structures = Structure.objects.filter(pk__in=agreed_structures(department_code=department_code, year=year).values("pk"))
    for insee_code, count in structures.values_list("commune__insee_code").annotate(n=Count("pk")).order_by():
        key = parents.get(insee_code, insee_code)
        counts[key] = counts.get(key, 0) + count
    rows = [
        CommuneRow(c.insee_code, c.name, c.epci_name, c.population or 0, counts.get(c.insee_code, 0))
        for c in communes
        if not c.parent_code
    ]
    result = Coverage(department_code=department_code, min_population=min_population or 0, communes=rows)
    epcis = {}
    codes = {c.insee_code: c.epci_code for c in communes}
    for row in rows:
        epci = epcis.setdefault(codes[row.insee_code] or "", EpciRow(codes[row.insee_code] or "", row.epci_name or "Sans EPCI"))
        epci.commune_count += 1
        epci.population += row.population
        epci.structure_count += row.structure_count
        if row.structure_count:
            epci.covered_commune_count += 1
            epci.covered_population += row.population
    result.epcis = sorted(epcis.values(), key=lambda e: e.name)
    result.structure_count = sum(row.structure_count for row in rows)
    result.population = sum(row.population for row in rows)
    result.covered_population = sum(row.population for row in rows if row.structure_count)
    return result


@lru_cache(maxsize=8)
def _features(department_code):
    path = GEOJSON_DIR / f"communes-{department_code}.geojson"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def map_shapes(result):
    """The SVG paths of the département's communes, with their class by number of structures;
    None when no outline ships for this département."""
    features = _features(result.department_code)
    if not features:
        return None
    counts = {row.insee_code: row.structure_count for row in result.communes}
    points = [point for feature in features for ring in _rings(feature["geometry"]) for point in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((min_y + max_y) / 2))
    width_deg = (max_x - min_x) * scale_x
    factor = MAP_WIDTH / width_deg
    height = round((max_y - min_y) * factor)
    shapes = []
    for feature in features:
        code = feature["properties"]["code_insee"]
        count = counts.get(code, 0)
        path = " ".join(
            "M" + " L".join(f"{(x - min_x) * scale_x * factor:.1f},{(max_y - y) * factor:.1f}" for x, y in ring) + " Z"
            for ring in _rings(feature["geometry"])
        )
        level = 0 if not count else 1 if count == 1 else 2 if count <= 3 else 3
        shapes.append(
            {
                "path": path,
                "level": level,
                "title": f"{feature['properties']['nom']} : {count} structure{'s' if count > 1 else ''}",
            }
        )
    return {"width": MAP_WIDTH, "height": height, "shapes": shapes}
