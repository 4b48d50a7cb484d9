"""Hostile values for form fields and CSV cells (hypothesis strategies)."""

from hypothesis import strategies as st

HUGE = "1" + "0" * 30

FIXED = [
    HUGE,
    "-" + HUGE,
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "-0",
    "-1",
    "101",
    "1.5",
    "12,5",
    "0x1F",
    "99999999999999999999.999",
    "<script>alert(1)</script>",
    "'; DROP TABLE structures_structure; --",
    '" OR 1=1 --',
    "",
    " ",
    "\x00",
    "abc\x00def",
    "مرحبا بالعالم",
    "\u202egnp.exe",
    "😀" * 20,
    "31/02/2025",
    "2025-02-31",
    "2025-13-45",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "abc",
    "x" * 100_000,
    "\r\n\t",
    "%s%s%n",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "\ud7ff\ufffe",
]

scalar = st.one_of(
    st.sampled_from(FIXED),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
)

# A value for one posted field: one string, or several (a list: the wrong type for most fields).
field_value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))

# Dates at and beyond the edges: Django's own limits (years 1 and 9999, where date arithmetic overflows)
# and the project's plausible range (core.safe_input: 1900 to 2100).
DATE_BOUNDARIES = [
    "9999-12-31",
    "9999-12-30",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "2024-02-29",
]

# A value for a date field: mostly dates, from any year Django reads, and the boundaries.
date_value = st.one_of(
    st.sampled_from(DATE_BOUNDARIES),
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    field_value,
)
