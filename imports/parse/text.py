"""The text layer: the file's encoding, its physical lines, the header matched to a shape, and the
CSV rows read, fitted to the header and repaired where that is safe; a file that cannot be read
is refused here, naming the line."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from imports.parse.readers import READERS, _Book, _Columns
from imports.parse.shapes import SHAPES, UNIT_IN_NAME, WEIGHT_UNIT_WORDS, Shape, _norm, _RowError
from imports.parse.values import _NUMBER, _clip, _decimal, _naive_datetime, _seconds, _unit
from imports.parsed import (
    APPS,
    FileRefused,
)

MAX_LINE = 1 << 20  # characters; also the csv field limit while a file is read
APP_LIST = ", ".join(v for k, v in APPS.items() if k != "atomic") + " or " + APPS["atomic"]


# ---------------------------------------------------------------------------------------------
# Reading the text


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY = "This is not a CSV file: it holds binary data."


class _Lines:
    """The file's physical lines, counted, each one checked for length and control characters;
    the lines of the row being read are kept to say where an open quote began."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.count = 0
        self.row: list[str] = []

    def __iter__(self) -> Iterator[str]:
        readline, row = self.text.readline, self.row
        while line := readline(MAX_LINE + 1):
            self.count += 1
            if len(line) > MAX_LINE:
                raise FileRefused(
                    f"Line {self.count} is longer than 1 MB: an export has short lines, one set each.",
                    line=self.count,
                )
            if _CONTROL.search(line):
                raise FileRefused(f"{_BINARY} Line {self.count} has a control character.", line=self.count)
            row.append(line)
            yield line


def _encoding(data: BinaryIO) -> str:
    head = data.read(4096)
    data.seek(0)
    if not head:
        raise FileRefused("The file is empty.")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _CONTROL_BYTES.search(head):
        raise FileRefused(_BINARY)
    return "utf-8"


def _cp1252_readable(data: BinaryIO) -> bool:
    data.seek(0)
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        while chunk := data.read(1 << 16):
            if _CONTROL.search(decoder.decode(chunk)):
                return False
    except UnicodeDecodeError:
        return False
    return True


def _first_bad_utf8_line(data: BinaryIO) -> int:
    data.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    while chunk := data.read(1 << 16):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return line + chunk[: error.start].count(b"\n")
        line += chunk.count(b"\n")
    return line


def _text(data: BinaryIO, encoding: str) -> io.TextIOWrapper:
    data.seek(0)
    return io.TextIOWrapper(data, encoding=encoding, newline="")


# ---------------------------------------------------------------------------------------------
# The header


def _match_header(fields: list[str]) -> tuple[Shape, _Columns] | None:
    names = [_norm(f) for f in fields]
    position: dict[str, int] = {}
    for i, name in enumerate(names):
        if name:
            position.setdefault(name, i)
    best: tuple[tuple[int, int], Shape, _Columns] | None = None
    for shape in SHAPES:
        columns = _shape_columns(shape, position)
        if columns is None:
            continue
        score = (len(shape.required()), len(columns.index))
        if best is None or score > best[0]:
            best = (score, shape, columns)
    return (best[1], best[2]) if best else None


def _shape_columns(shape: Shape, position: dict[str, int]) -> _Columns | None:
    index: dict[str, int] = {}
    units: dict[str, str] = {}
    for key, aliases in shape.columns.items():
        for alias in aliases:
            normal = _norm(alias)
            if normal in position:
                index[key] = position[normal]
                if normal in UNIT_IN_NAME:
                    units[key] = UNIT_IN_NAME[normal]
                break
        else:
            if key not in shape.optional:
                return None
    if not shape.set_columns:
        return _Columns(index, units)
    pairs, times = _set_columns(position)
    return _Columns(index, units, pairs, times) if pairs or times else None


_SET_COLUMN = re.compile(r"set(\d+)(reps|kg|kgs|lb|lbs|time|sec|secs|seconds)")


def _set_columns(position: dict[str, int]) -> tuple[tuple[tuple[int, int, str | None], ...], tuple[int, ...]]:
    found: dict[int, dict[str, int]] = {}
    for name, i in position.items():
        if match := _SET_COLUMN.fullmatch(name):
            kind = match.group(2)
            kind = {"kgs": "kg", "lbs": "lb", "sec": "time", "secs": "time", "seconds": "time"}.get(kind, kind)
            found.setdefault(int(match.group(1)), {})[kind] = i
    pairs = []
    times = []
    for number in sorted(found):
        kinds = found[number]
        unit = "kg" if "kg" in kinds else "lb" if "lb" in kinds else None
        if "reps" in kinds:
            pairs.append((kinds["reps"], kinds[unit] if unit else -1, unit))
        if "time" in kinds:
            times.append(kinds["time"])
    return tuple(pairs), tuple(times)


def _header(lines: Iterator[str], counter: _Lines) -> tuple[str, list[str], Shape, _Columns]:
    """The delimiter, header fields, shape and columns, from the first line that is not blank
    (after an Excel `sep=;` line if there is one)."""
    forced = None
    for line in lines:
        text = line.strip("\r\n\ufeff")
        if not text.strip():
            continue
        if forced is None and (sep := re.fullmatch(r"sep=(.)", text.strip())):
            forced = sep.group(1)
            continue
        for delimiter in [forced] if forced else [",", ";"]:
            fields = next(csv.reader([text], delimiter=delimiter), [])
            matched = _match_header(fields)
            if matched:
                return delimiter, fields, *matched
        raise FileRefused(_unknown_header(text), line=counter.count)
    raise FileRefused("The file holds no rows, not even a header.")


def _unknown_header(text: str) -> str:
    seen = max(["\t", ";", ",", "|"], key=text.count)
    names = {"\t": "tabs", ";": "semicolons", ",": "commas", "|": "vertical bars"}
    fields = [f.strip().strip('"') for f in text.split(seen)] if text.count(seen) else [text]
    start = ", ".join(_clip(f, 30) for f in fields[:4]) + (", …" if len(fields) > 4 else "")
    message = f"The header does not match an export of {APP_LIST}. It starts: {start}"
    if seen not in ",;" and text.count(seen):
        message += f" (its fields are separated by {names[seen]}, where these apps use commas or semicolons)"
    elif not text.count(",") and not text.count(";"):
        message += " (it is one field: no commas or semicolons separate its columns)"
    return message + "."


# ---------------------------------------------------------------------------------------------
# Rows


def _open_quote_line(lines: list[str], delimiter: str, first: int) -> int:
    """The line where the quoted field left open at the end of the file begins."""
    state, opened = "start", first
    ends = (delimiter, "\r", "\n")
    for offset, line in enumerate(lines):
        for char in line:
            if state == "quoted":
                state = "quote" if char == '"' else state
            elif state == "quote":  # a quote inside a quoted field: doubled, or the closing one
                state = "quoted" if char == '"' else "start" if char in ends else "field"
            elif char in ends:
                state = "start"
            elif state == "start" and char == '"':
                state, opened = "quoted", first + offset
            else:
                state = "field"
    return opened


def _fit_row(row: list[str], header: int, width: int, line: int, cols: _Columns, book: _Book) -> list[str]:
    """The row with the header's `width` of named fields, or a refusal naming the line. `header`
    counts the header's fields including empty ones after a trailing delimiter."""
    if len(row) == width:
        return row
    if len(row) > width:
        if len(row) <= header and not any(row[width:]):
            return row[:width]  # the header's own trailing delimiter
        # Extra empty fields at the end are not dropped otherwise: an unquoted comma in a name
        # followed by empty columns looks the same, and dropping them would shift the columns.
        if book.shape.app == "fitnotes" and (repaired := _fitnotes_repair(row, width, cols)) is not None:
            book.repaired.append(line)
            return repaired
        raise FileRefused(
            f"Line {line} has {len(row)} fields where the header has {width}: is a name with a comma not quoted?",
            line=line,
        )
    if len(row) == width - 1:
        book.short_rows.append(line)
        return [*row, ""]
    raise FileRefused(
        f"Line {line} has {len(row)} fields where the header has {width}: was the line cut short?", line=line
    )


_FITNOTES_NUMERIC = ("weight", "reps", "distance")


def _fitnotes_repair(row: list[str], width: int, cols: _Columns) -> list[str] | None:
    # FitNotes leaves commas in exercise names unquoted: the name took as many fields as the row
    # has too many. It is joined back only when every numeric column then reads as a number.
    extra = len(row) - width
    at = cols.index["exercise"]
    candidate = [*row[:at], ",".join(row[at : at + extra + 1]), *row[at + extra + 1 :]]
    try:
        for key in _FITNOTES_NUMERIC:
            if key in cols.index:
                _decimal(candidate[cols.index[key]].strip(), key)
        if "time" in cols.index:
            _seconds(candidate[cols.index["time"]].strip())
        _naive_datetime(candidate[cols.index["date"]].strip())
        if "category" in cols.index and _NUMBER.fullmatch(candidate[cols.index["category"]].strip()):
            return None  # a category is a word: a number here means the columns shifted
        if "weight_unit" in cols.index:
            _unit(candidate[cols.index["weight_unit"]].strip(), WEIGHT_UNIT_WORDS, "weight")
    except _RowError:
        return None
    return candidate


def _read_rows(
    lines: _Lines, source: Iterator[str], header: tuple[str, list[str], Shape, _Columns], book: _Book
) -> None:
    delimiter, fields, shape, cols = header
    width = len(fields)
    while width and not fields[width - 1].strip():
        width -= 1
    read = READERS[shape.app]
    keys = list(cols.index.items())
    keys += [(f"#{i}", i) for pair in cols.set_pairs for i in pair[:2] if i >= 0]
    keys += [(f"#{i}", i) for i in cols.set_times]
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    ended = lines.count
    lines.row.clear()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_refusal(error, lines, delimiter, ended + 1) from None
        line, ended = ended + 1, lines.count
        lines.row.clear()
        if not any(field.strip() for field in row):
            continue
        row = _fit_row(row, len(fields), width, line, cols, book)
        book.rows += 1
        try:
            read({key: row[i].strip() for key, i in keys}, line, book, cols)
        except _RowError as error:
            book.skip(line, error.reason)


def _csv_refusal(error: csv.Error, lines: _Lines, delimiter: str, line: int) -> FileRefused:
    text = str(error)
    if "unexpected end of data" in text or "EOF" in text:
        opened = _open_quote_line(lines.row, delimiter, line)
        return FileRefused(
            f"The file ends inside a quoted field that starts on line {opened}: was it cut short?", line=opened
        )
    if "field larger" in text:
        return FileRefused(f"Line {line} has a field longer than 1 MB: an export has short fields.", line=line)
    return FileRefused(
        f"Line {line} has a quote inside a field where a field must end after its closing quote "
        f'(a quote within a field is written "").',
        line=line,
    )
