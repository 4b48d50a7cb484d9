"""Invented SIRET numbers that pass the Luhn check like real ones, shared by the demo and the scale generator."""


def with_luhn_digit(digits):
    """``digits`` followed by the check digit that makes the whole pass the Luhn check."""
    for check in range(10):
        total = 0
        for position, char in enumerate(reversed(digits + str(check))):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits + str(check)
    raise AssertionError("unreachable: one of ten check digits always fits")


def make_siret(rng, used, *, first_digits):
    """A SIRET not in ``used`` (then added to it): SIREN and SIRET both pass the Luhn check.

    The SIREN starts with one of ``first_digits``, so that two generators can share a database without
    drawing the same number; with a single one, no random draw is spent on it."""
    while True:
        first = str(rng.choice(first_digits) if len(first_digits) > 1 else first_digits[0])
        siren = with_luhn_digit(first + "".join(str(rng.randrange(10)) for _ in range(7)))
        siret = with_luhn_digit(siren + "0" + "".join(str(rng.randrange(10)) for _ in range(3)))
        if siret not in used:
            used.add(siret)
            return siret
