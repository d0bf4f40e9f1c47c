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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

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




# --- streaming -----------------------------------------------------------------------------------
# A file is read a line at a time, so memory does not grow with the file beyond the rows kept.
# Limits no real return comes near; past them the line (or file) is reported, not read.
MAX_LINE_CHARS = 4 << 20  # a line of 4 million characters: a header repeated across 600,000 columns
MAX_RECORDS = 300_000  # rows in one file: more than ten times the largest LA's largest table in a year
MAX_TEXT_CHARS = 256 << 20  # characters in one file: what is read is kept, so this bounds the memory
MAX_FIELD_CHARS = 131_072  # the csv module's own default limit, made explicit
_CHUNK = 1 << 20


def _valid_as(path: Path, codec: str, skip: int) -> bool:
    """Whether the whole file decodes strictly as ``codec``, read 1 MB at a time."""
    dec = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        with open(path, "rb") as f:
            f.seek(skip)
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> tuple[str, str, int, str | None]:
    """(codec, description, bytes to skip, note) for a file on disk, as ``decode`` would choose them."""
    with open(path, "rb") as f:
        head = f.read(65536)
    codec, desc, skip = _guess(head)
    if codec != "utf-8":
        return codec, desc, skip, f"The file is encoded as {desc}; it was read as such."
    if _valid_as(path, "utf-8", skip):
        return "utf-8", desc, skip, None
    if _valid_as(path, "cp1252", skip):
        return "cp1252", "Windows-1252", skip, (
            "The file is not UTF-8; it was read as Windows-1252 (the usual Excel 'CSV' encoding "
            "in England). Check that names with accents look right.")
    return "latin-1", "Latin-1", skip, ("The file is neither UTF-8 nor Windows-1252; it was read as Latin-1. "
                                        "Re-save it as 'CSV UTF-8' if any text looks wrong.")


@dataclass
class CsvStream:
    """The records of a delimited text file, read one line at a time.

    Iterating yields ``(record, first_line, last_line)``; line numbers are physical lines (the header is
    line 1), as Excel numbers rows when no value holds a line break. What could not be read is kept here
    for the reader to report: ``bad_records`` (line, reason) for records the csv module refused (a field
    over its size limit), ``long_lines`` for lines over MAX_LINE_CHARS, ``too_many`` when the file has
    more than MAX_RECORDS records or MAX_TEXT_CHARS characters (reading stops there, within seconds and
    a few hundred MB, however big the file).
    """

    path: Path
    encoding: str = "utf-8"
    description: str = "UTF-8"
    note: str | None = None
    skip: int = 0
    delimiter: str = ","
    lines: int = 0  # physical lines read so far
    chars: int = 0  # characters read so far
    bad_records: list[tuple[int, int, str]] = field(default_factory=list)  # first line, last line, why
    long_lines: list[int] = field(default_factory=list)
    too_many: bool = False

    @classmethod
    def open(cls, path: Path) -> "CsvStream":
        codec, desc, skip, note = detect_encoding(path)
        stream = cls(Path(path), codec, desc, note, skip)
        stream.delimiter = sniff_delimiter(stream.header_line())
        return stream

    def header_line(self) -> str:
        with self._text() as f:
            line = f.readline(MAX_LINE_CHARS)
        return line.rstrip("\r\n")

    def _text(self):
        raw = open(self.path, "rb")
        raw.seek(self.skip)
        # detect_encoding checked the whole file, so "replace" only matters if it changed since.
        return io.TextIOWrapper(raw, encoding=self.encoding, errors="replace", newline="")

    def _physical_lines(self, f) -> Iterator[str]:
        """Lines as the csv module wants them; an over-long line is skipped (and noted), never held whole."""
        while True:
            line = f.readline(MAX_LINE_CHARS)
            if not line:
                return
            self.lines += 1
            self.chars += len(line)
            if self.chars > MAX_TEXT_CHARS:
                self.too_many = True
                return
            if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
                self.long_lines.append(self.lines)
                while line and not line.endswith(("\n", "\r")):
                    line = f.readline(MAX_LINE_CHARS)
                continue
            yield line

    def __iter__(self) -> Iterator[tuple[list[str], int, int]]:
        self.lines = self.chars = 0
        limit = csv.field_size_limit()
        csv.field_size_limit(MAX_FIELD_CHARS)
        try:
            with self._text() as f:
                reader = csv.reader(self._physical_lines(f), delimiter=self.delimiter)
                count = 0
                while True:
                    start = self.lines + 1
                    try:
                        record = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as exc:
                        self.bad_records.append((start, max(start, self.lines), str(exc)))
                        continue
                    count += 1
                    if count > MAX_RECORDS:
                        self.too_many = True
                        return
                    yield record, start, self.lines
        finally:
            csv.field_size_limit(limit)


def broken_quote(record: list[str]) -> bool:
    """A value holding a line break: in files whose values never do (IDs, codes, dates), the sign of a
    quote that was opened and not closed, which swallows the rows after it into one value."""
    return any("\n" in v or "\r" in v for v in record)


def report_stream(stream: CsvStream, log, what: str = "row") -> None:
    """Issues for what a CsvStream could not read: nothing is lost without a line saying so."""
    for start, end, reason in stream.bad_records:
        why = (f"a value longer than {MAX_FIELD_CHARS:,} characters" if "field larger than field limit" in reason
               else "it is not valid CSV")
        lines = f"Line {start:,}" if end == start else f"Lines {start:,}-{end:,}"
        log.add("fatal", "unreadable-row",
                f"{lines} could not be read ({why}), so the file was not loaded: a file replaces the year's "
                f"version of its table, and storing the rest would lose the {what}s on "
                f"{'that line' if end == start else 'those lines'} from the store.",
                "Check the line in a text editor: a value may have lost its closing quote. Export the file again.",
                location=lines.lower())
    for line in stream.long_lines:
        log.add("fatal", "line-too-long",
                f"Line {line:,} is longer than {MAX_LINE_CHARS:,} characters, which no return's {what} is, so the "
                "file was not loaded (storing the rest would replace the year's version without that line).", "Check the file is the right one; export it again from the case management system.",
                location=f"line {line:,}")
    if stream.too_many:
        log.add("fatal", "file-too-large",
                f"The file has more than {MAX_RECORDS:,} rows or {MAX_TEXT_CHARS >> 20:,} MB of text, far more than "
                "any return holds, so it was not loaded.",
                "Check it is the right file (not a whole-database export), or split it by year and load each.")


def report_broken_quotes(spans: list[tuple[int, int]], log, what: str = "row", last_line: int = 0) -> None:
    """One issue per value that swallowed line breaks (see broken_quote): how many lines were not read."""
    for start, end in spans:
        lines = end - start + 1
        log.add("fatal", "unclosed-quote",
                f"A quote (\") opened on line {start:,} is not closed until line {end:,}"
                f"{' (the end of the file)' if end >= last_line else ''}, so {lines:,} lines were read as one "
                f"{what} holding line breaks. The file was not loaded: it replaces the year's version of its "
                "table, and storing the rest would lose those lines from the store.",
                "Open the file in a text editor at that line, remove the stray quote (or close it) and export "
                "the file again.", location=f"lines {start:,}-{end:,}")
