"""axe-core (shipped by the PyPI package axe-playwright-python) run inside a Playwright page."""

from functools import cache
from importlib.resources import files

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def axe_source():
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page):
    """The WCAG 2.1 A/AA violations axe finds in the page (evaluated by the browser, outside the CSP)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return page.evaluate("async (options) => (await axe.run(document, options)).violations", options)


def blocking(violations):
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations, limit=5):
    """Readable lines: rule, impact, help, then the first elements concerned."""
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']} : {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:limit]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}")
            lines.append(f"      {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … et {len(violation['nodes']) - limit} autre(s)")
    return "\n".join(lines)
