"""Read a hand-edited CSV (data/curated/*.csv) against a declared pydantic schema, or say exactly what is wrong.

Curated files are untrusted input, like sidecars (extract/sources.py): the file is size-capped and must be UTF-8
(a GBK save from Excel is named as such), the header must hold exactly the schema's columns (none missing, none
unknown, none twice), every field is a string capped in size, and CSV syntax errors are reported as what they are:
an unclosed quote with the line it opens on, a field over the csv module's limit, a NUL byte. Rows are numbered as
a spreadsheet shows them (the header is row 1); a row that spans several lines (a quoted line break) also gives
the line it starts on. What a value means (a number, a known province) is checked by the loaders.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_FILE_BYTES = 8 * 1024 * 1024  # the curated files are a few kB; a spreadsheet export of megabytes is a mistake
MAX_FIELD_CHARS = 10_000  # the cap for any field; columns declare smaller ones

# Column kinds for the row schemas: every field is text (stripped); the loaders parse numbers, dates and names.
Code = Annotated[str, Field(max_length=100)]  # ids, codes, provinces, numbers, dates
Name = Annotated[str, Field(max_length=300)]  # titles, issuers, publishers, curators
Url = Annotated[str, Field(max_length=2000)]
Note = Annotated[str, Field(max_length=2000)]  # notes, reasons, quotes


class CsvRow(BaseModel):
    """Base of the row schemas: the declared columns only, each a stripped string within its cap."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class CsvFileError(ValueError):
    """A curated file that cannot be read as its schema; the message names the file (and row and line)."""


def columns(schema: type[CsvRow]) -> tuple[str, ...]:
    return tuple(schema.model_fields)


def read_rows(path: Path, schema: type[CsvRow]) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(row number, validated fields) for every non-blank row of `path`, in order.

    A row that breaks the schema comes as (row number, problem) so that the loader can report every bad row at
    once; a problem with the whole file (encoding, header, CSV syntax) raises CsvFileError.
    """
    text = _text(path)
    expected = columns(schema)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row, start = 1, 1
    try:
        header = next(reader, None)
        if header is None:
            raise CsvFileError(f"{path}: the file is empty; it needs at least the header: {','.join(expected)}")
        header = [h.strip() for h in header]
        _check_header(path, header, expected)
        while True:
            start = reader.line_num + 1
            values = next(reader, None)
            if values is None:
                return
            row += 1
            where = f"row {row}" if reader.line_num == start else f"row {row} (lines {start}–{reader.line_num})"
            if all(not v.strip() for v in values):
                continue  # a blank line
            if len(values) > len(header):
                extra = len(values) - len(header)
                yield row, f"{where}: {extra} value(s) more than the header has columns{_quote_hint(start, reader)}"
                continue
            if len(values) < len(header) and reader.line_num != start:
                yield row, f"{where}: {len(values)} value(s) for {len(header)} columns{_quote_hint(start, reader)}"
                continue
            fields = dict(zip(header, values, strict=False))
            fields.update({c: "" for c in header[len(values) :]})  # trailing empty cells left off by some editors
            try:
                yield row, schema.model_validate(fields).model_dump()
            except ValidationError as exc:
                problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
                yield row, f"{where}: {problems}"
    except csv.Error as exc:
        raise CsvFileError(_syntax_problem(path, exc, row + 1, start, reader.line_num)) from None


def _text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CsvFileError(f"{path}: {size / 2**20:.1f} MB; a curated file is at most {MAX_FILE_BYTES >> 20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "it looks like GBK/GB18030 (a spreadsheet saved in the Chinese Windows code page)"
        except UnicodeDecodeError:
            guess = "it is in some other encoding"
        raise CsvFileError(
            f"{path}: not UTF-8 (byte {exc.start}, line {line}); {guess}. Save it as UTF-8 "
            "(Excel: Save As → “CSV UTF-8”) and rebuild"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvFileError(f"{path}: line {line}: contains a NUL byte; this is not a text CSV (re-export it)")
    return text


def _check_header(path: Path, header: list[str], expected: tuple[str, ...]) -> None:
    missing = [c for c in expected if c not in header]
    if missing:
        raise CsvFileError(f"{path}: missing column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in expected]
    if unknown:
        raise CsvFileError(
            f"{path}: unknown column(s) {', '.join(unknown) or repr('')}; the columns are {', '.join(expected)}"
        )
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise CsvFileError(f"{path}: column(s) {', '.join(twice)} appear more than once in the header")


def _quote_hint(start: int, reader: object) -> str:
    return f"; probably an unclosed quote on line {start}" if getattr(reader, "line_num", start) != start else ""


def _syntax_problem(path: Path, exc: csv.Error, row: int, start: int, line: int) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return (
            f"{path}: row {row} (line {start}): a field is longer than {csv.field_size_limit()} characters (a "
            f"curated field holds at most {MAX_FIELD_CHARS}); probably an unclosed quote on line {start} or a "
            "pasted document"
        )
    if "unexpected end of data" in message:
        return (
            f"{path}: row {row}: unclosed quote: a quoted field opens on line {start} and is never closed (the "
            f"rest of the file, to line {line}, would be one value); close the quote or remove it"
        )
    if "expected after" in message:
        return (
            f"{path}: row {row}: unclosed quote: a quoted field that opens on line {start} ends badly on line "
            f'{line} ({message}); close the quote on line {start}, and write a " inside a quoted field as ""'
        )
    return f"{path}: row {row} (line {start}): not valid CSV ({message})"
