"""Which text encoding a CRM export is in, as Excel and CRMs write them in LT, PL, RO and RU.

UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are certain. Anything else is
"CSV" as Excel saves it in the reader's locale: cp1257 in Lithuania, cp1250 in Poland and
Romania, cp1251 in Russia, cp1252 elsewhere. charset-normalizer proposes the candidates; on the
few hundred bytes of a typical export its own ranking is close to a coin toss between single-byte
code pages, so the candidates are ranked here by what is known about the file: how many of the
column names the sheet expects its header holds, how many letters of the playbook's language the
text has, and how many words mix Latin and Cyrillic letters or hold symbols no export writes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SAMPLE_BYTES = 1 << 20
"""How much of the file is looked at to decide (the whole file is then read with that encoding)."""

LEGACY = ("cp1251", "cp1257", "cp1250", "cp1252", "iso8859_2", "iso8859_13", "iso8859_16", "koi8_r", "cp866", "latin_1")
"""The single-byte encodings considered."""

BY_LANGUAGE = {"lt": "cp1257", "pl": "cp1250", "ro": "cp1250", "ru": "cp1251", "en": "cp1252"}
"""What Excel writes as "CSV" in each playbook language's locale."""

LETTERS = {
    "lt": "ąčęėįšųūž",
    "pl": "ąćęłńóśźż",
    "ro": "ăâîșțşţ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "en": "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿß",
}
"""Letters (lower case) beyond ASCII each language writes (`en`: western European names and places)."""
COMMON_SYMBOLS = set("€₽№«»„“”‘’–—·°\u00a0\u202f")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Encoding:
    """The encoding an export is read in, and whether it was detected (rather than certain or chosen)."""

    name: str
    detected: bool = False
    bom: bytes = b""

    @property
    def label(self) -> str:
        """The name people know it by: UTF-8, UTF-16, cp1251..."""
        if self.name.startswith("utf"):
            return self.name.upper().replace("_", "-").removesuffix("-SIG")
        return codecs.lookup(self.name).name.replace("_", "")


def known_encoding(name: str) -> str:
    """`name` as Python's codec name; raises `LookupError` for an encoding Python does not know."""
    return codecs.lookup(name).name


def from_bom(start: bytes) -> Encoding | None:
    """UTF-8 or UTF-16 when the file starts with its byte-order mark."""
    if start.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", bom=codecs.BOM_UTF8)
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if start.startswith(bom):
            return Encoding("utf-16", bom=bom)
    return None


def is_utf8(sample: bytes, complete: bool) -> bool:
    """Whether `sample` (the file's start, or all of it) decodes as UTF-8."""
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def detect(sample: bytes, language: str | None, expected_columns: Iterable[str]) -> Encoding:
    """The most likely single-byte encoding of a sample that is not UTF-8."""
    from charset_normalizer import from_bytes  # Why: only a file that is not UTF-8 needs it (~40 ms to import)

    proposed = [m.encoding for m in from_bytes(sample, cp_isolation=list(LEGACY))]
    preferred = BY_LANGUAGE.get(language or "", "")
    candidates = list(dict.fromkeys([*proposed, preferred, *LEGACY]))
    comma_below = str.maketrans("șțȘȚ", "şţŞŢ")
    expected = {name.strip().translate(comma_below).casefold() for name in expected_columns}
    header = sample.split(b"\n", 1)[0]
    best: tuple[tuple[int, int, int, int], str] | None = None
    for rank, name in enumerate(n for n in candidates if n):
        try:
            text = sample.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        columns = re.split(r"[,;\t]", header.decode(name, errors="replace"))
        matched = sum(1 for c in columns if c.strip().strip('"').strip().translate(comma_below).casefold() in expected)
        score = (matched, _plausibility(text, language), name == preferred, -rank)
        if best is None or score > best[0]:
            best = (score, name)
    return Encoding(best[1] if best else "latin-1", detected=True)


def _plausibility(text: str, language: str | None) -> int:
    own = set(LETTERS.get(language or "", ""))
    every = set("".join(LETTERS.values()))
    score = 0
    for word in _WORD.findall(text.lower()):
        latin = cyrillic = False
        for char in word:
            if char.isascii():
                latin = True
                continue
            if char in own:
                score += 2
            elif char in every:
                score += 1
            else:
                score -= 1
            if "CYRILLIC" in unicodedata.name(char, ""):
                cyrillic = True
            else:
                latin = True
        if latin and cyrillic:
            score -= 5
        accented = sum(1 for char in word if not char.isascii())
        if not cyrillic and len(word) >= 3 and accented * 2 > len(word):
            score -= 3 * accented  # Latin words are mostly ASCII letters: this is another script misread
    for char in text:
        if not char.isascii() and not char.isalpha() and char not in COMMON_SYMBOLS:
            score -= 3
    return score
