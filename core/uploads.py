"""Checking an uploaded file before reading it: its kind (extension and first bytes) and its size.

``validate_upload(file, extensions=..., max_bytes=...)`` raises a ValidationError whose French message
the form shows. The import forms (CSV or XLSX tables) call ``validate_import_file(upload)`` in their
``clean_file``: the same checks, plus no NUL byte anywhere in a CSV.
"""

import math
from pathlib import PurePath

from django.core.exceptions import ValidationError

# What the first bytes of a file of each kind look like; kinds not listed are checked by extension only.
_SIGNATURES = {
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Text kinds: no NUL byte (a binary file renamed .csv), unless the text starts with a UTF-16 byte order mark.
_TEXT = {"csv", "txt", "json"}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

IMPORT_EXTENSIONS = ["csv", "xlsx"]
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def human_size(size):
    """A size in French units, rounded up (a file over the limit never reads as the limit): 512 octets, 3 Ko, 5,1 Mo."""
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} Ko"
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} Mo" if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10} Mo"


def validate_upload(file, *, extensions, max_bytes):
    """Raise ValidationError (in French) unless ``file`` has one of ``extensions`` and at most ``max_bytes``.

    ``file`` is an UploadedFile (or any file object with ``name`` and ``size``). Returns the file.
    """
    extension = _check_type_and_size(file, extensions, max_bytes)
    _check_head(file, extension)
    return file


def validate_import_file(upload):
    """The check of every import form: a .csv or .xlsx file of at most 5 Mo, whose content matches its
    extension, and for a CSV no NUL byte anywhere (PostgreSQL refuses NUL in text: a cell carrying one
    made the import fail with a 500 there). Returns the file, rewound."""
    extension = _check_type_and_size(upload, IMPORT_EXTENSIONS, IMPORT_MAX_BYTES)
    # Before the check of the first bytes, so that a NUL there gets this message too.
    if extension == "csv" and _contains_nul(upload):
        raise ValidationError(
            "Ce fichier .csv contient des caractères invalides (octet nul) : enregistrez-le de nouveau au format CSV.",
            code="file_content",
        )
    _check_head(upload, extension)
    return upload


def _check_type_and_size(file, extensions, max_bytes):
    """The file's extension (lower case, no dot), once it is one of ``extensions`` and the size is allowed."""
    allowed = [extension.lower().lstrip(".") for extension in extensions]
    listed = ", ".join(f".{extension}" for extension in allowed)
    name = getattr(file, "name", "") or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            f"Ce type de fichier n'est pas accepté ({'.' + extension if extension else 'sans extension'}) : "
            f"choisissez un fichier {listed}.",
            code="file_type",
        )
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError("Le fichier est vide.", code="file_empty")
    if size > max_bytes:
        raise ValidationError(
            f"Le fichier est trop volumineux ({human_size(size)}) : la taille maximale est de {human_size(max_bytes)}.",
            code="file_too_large",
        )
    return extension


def _check_head(file, extension):
    """The first bytes look like a file of this kind."""
    head = _read_head(file)
    signatures = _SIGNATURES.get(extension)
    if signatures and not head.startswith(signatures):
        raise ValidationError(
            f"Le contenu du fichier ne correspond pas à son extension .{extension} : vérifiez qu'il n'a pas été renommé.",
            code="file_content",
        )
    if extension in _TEXT and b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise ValidationError(
            f"Ce fichier .{extension} n'est pas un fichier texte : enregistrez-le au format {extension.upper()}.",
            code="file_content",
        )


def _read_head(file, length=2048):
    """The first bytes of the file, leaving its position at the start."""
    if not hasattr(file, "read"):
        return b""
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(length)
    if hasattr(file, "seek"):
        file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _contains_nul(file, block=64 * 1024):
    """True when a NUL byte is anywhere in the file; reads it by blocks and leaves its position at the start."""
    if not hasattr(file, "read"):
        return False
    file.seek(0)
    try:
        while chunk := file.read(block):
            if (b"\x00" if isinstance(chunk, bytes) else "\x00") in chunk:
                return True
        return False
    finally:
        file.seek(0)
