"""Reading delimited text files written by whatever program an LA has.

Case management systems and Excel export CSVs as UTF-8 (with or without a
byte-order mark), UTF-16 ("Unicode text" from Excel) or Windows-1252. We
decode by the BOM when there is one, else try strict UTF-8 and fall back to
Windows-1252, and say which we used when it was not plain UTF-8 so an
analyst can tell why a name shows odd characters.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

_BOMS = (  # longest first: a UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the Python codec used
    description: str  # for people: "UTF-8", "UTF-16 (little-endian)", "Windows-1252"
    note: str | None  # set when the analyst should know how the file was decoded


def _guess(data: bytes) -> tuple[str, str, int]:
    """(codec, description, bytes to skip) from a BOM or, failing that, the pattern of zero bytes."""
    for bom, codec, desc in _BOMS:
        if data.startswith(bom):
            return codec, desc, len(bom)
    sample = data[:4096]
    # UTF-16 without a BOM: ASCII text has a zero in every other byte.
    if len(sample) >= 4 and sample.count(0) * 3 > len(sample):
        evens, odds = sample[0::2].count(0), sample[1::2].count(0)
        if odds > evens * 4:
            return "utf-16-le", "UTF-16 (little-endian, no byte-order mark)", 0
        if evens > odds * 4:
            return "utf-16-be", "UTF-16 (big-endian, no byte-order mark)", 0
    return "utf-8", "UTF-8", 0


def decode(data: bytes) -> Decoded:
    codec, desc, skip = _guess(data)
    body = data[skip:]
    if codec != "utf-8":
        text = body.decode(codec, errors="replace")
        return Decoded(text, codec, desc, f"The file is encoded as {desc}; it was read as such.")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", desc, None)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(body.decode("cp1252"), "cp1252", "Windows-1252",
                       "The file is not UTF-8; it was read as Windows-1252 (the usual Excel 'CSV' encoding "
                       "in England). Check that names with accents look right.")
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined: Latin-1 maps every byte, so nothing is lost silently.
        return Decoded(body.decode("latin-1"), "latin-1", "Latin-1",
                       "The file is neither UTF-8 nor Windows-1252; it was read as Latin-1. "
                       "Re-save it as 'CSV UTF-8' if any text looks wrong.")


def read_text(path: Path) -> Decoded:
    return decode(Path(path).read_bytes())


def first_line(head: bytes) -> str:
    """The first line of a file from its first bytes (for sniffing); tolerant of a cut-off end."""
    codec, _, skip = _guess(head)
    body = head[skip:]
    if codec.startswith(("utf-16", "utf-32")):
        width = 2 if codec.startswith("utf-16") else 4
        body = body[: len(body) - len(body) % width]
    try:
        text = body.decode(codec, errors="ignore")
    except LookupError:  # pragma: no cover - codecs above always exist
        return ""
    for end in ("\r\n", "\n", "\r"):
        if end in text:
            return text.split(end, 1)[0]
    return text


def sniff_delimiter(line: str) -> str:
    """Comma unless the header line clearly uses tabs or semicolons instead."""
    counts = {d: line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] and counts[","] == 0 else ","


def csv_reader(text: str, delimiter: str = ","):
    """A csv.reader over decoded text; handles CRLF, CR, quoted newlines and a missing final newline."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
