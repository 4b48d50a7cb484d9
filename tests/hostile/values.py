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
