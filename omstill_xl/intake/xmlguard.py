"""XML safety: no DTDs, no exotic encodings.

Every XML part's prolog (XML declaration, comments, processing instructions) is walked up to the
root element within a byte cap; a DOCTYPE/ENTITY or an encoding in which markup can hide from byte
scans (UTF-7, ISO-2022, EBCDIC, …) is refused. ``_utf8_view`` transcodes UTF-16/32 parts so the
byte-level scans here and in the dimension check work on them too.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import UnsafeFileError
from ..i18n import translator
from .zippkg import _ZipPackage

_ = translator("core")

_XML_EXTENSIONS = (".xml", ".rels", ".vml")
_WS = re.compile(rb"[ \t\r\n]*")
_ENCODING_DECL = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # '<?xm' in EBCDIC
_SHIFTING_ENCODINGS = {
    "utf-7",
    "hz",
    "iso2022_jp",
    "iso2022_kr",
    "iso2022_jp_1",
    "iso2022_jp_2",
    "iso2022_jp_3",
    "iso2022_jp_ext",
    "iso2022_jp_2004",
}


def _check_xml_prologs(pkg: _ZipPackage) -> None:
    """Refuse any XML part whose prolog holds a DOCTYPE/ENTITY or another declaration."""
    for info in pkg.infos:
        if info.filename.lower().endswith(_XML_EXTENSIONS) or _starts_like_xml(pkg, info):
            _check_xml_prolog(pkg, info)


def _starts_like_xml(pkg: _ZipPackage, info: zipfile.ZipInfo) -> bool:
    """True when a member without an XML extension starts with '<' (after BOM/whitespace)."""
    first = next(iter(_utf8_view(_head_chunks(pkg, info, 512))), b"")
    return first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _head_chunks(pkg: _ZipPackage, info: zipfile.ZipInfo, max_bytes: int) -> Iterator[bytes]:
    """Decompressed chunks from the start of a member, stopping after ``max_bytes``."""
    seen = 0
    stream: Any = pkg.stream(info)
    try:
        for chunk in stream:
            yield chunk[: max_bytes - seen]
            seen += len(chunk)
            if seen >= max_bytes:
                return
    finally:
        stream.close()


def _check_xml_prolog(pkg: _ZipPackage, info: zipfile.ZipInfo) -> None:
    """Walk the prolog (XML declaration, comments, PIs) up to the root element, within a byte cap."""
    cap = pkg.limits.max_xml_prolog
    buf, verdict = b"", "more"
    for chunk in _utf8_view(_head_chunks(pkg, info, cap), raw_hook=lambda raw: _refuse_ebcdic(pkg, info, raw)):
        buf += chunk
        verdict = _prolog_verdict(buf, complete=False)
        if verdict != "more":
            break
    if verdict == "more":
        if info.file_size > cap:
            raise UnsafeFileError(
                _(
                    "XML-delen «{part}» har en unormalt lang innledning før selve innholdet. Filen er avvist av "
                    "sikkerhetshensyn. Lagre arbeidsboka på nytt fra Excel og prøv igjen."
                ).format(part=info.filename),
                pkg.path,
            )
        verdict = _prolog_verdict(buf, complete=True)
    if verdict == "doctype":
        raise UnsafeFileError(
            _(
                "XML-delen «{part}» inneholder en DTD-erklæring (<!DOCTYPE> eller <!ENTITY>). Excel skriver aldri "
                "slike, og de brukes til angrep som sprenger minnet eller leser andre filer (entitetsutvidelse, XXE). "
                "Filen er avvist. Be avsenderen om en ny fil lagret direkte fra Excel."
            ).format(part=info.filename),
            pkg.path,
        )
    if verdict == "encoding":
        raise UnsafeFileError(
            _(
                "XML-delen «{part}» bruker en uvanlig tegnkoding som kan skjule farlig innhold. Filen er avvist. "
                "Lagre arbeidsboka på nytt fra Excel og prøv igjen."
            ).format(part=info.filename),
            pkg.path,
        )


def _refuse_ebcdic(pkg: _ZipPackage, info: zipfile.ZipInfo, raw: bytes) -> None:
    if raw.startswith(_EBCDIC_XML):
        raise UnsafeFileError(
            _(
                "XML-delen «{part}» bruker en uvanlig tegnkoding (EBCDIC) som kan skjule farlig innhold. Filen er "
                "avvist. Lagre arbeidsboka på nytt fra Excel og prøv igjen."
            ).format(part=info.filename),
            pkg.path,
        )


def _prolog_verdict(buf: bytes, complete: bool) -> str:
    """'ok' (root element reached), 'doctype', 'encoding', 'not_xml' or 'more' (need more bytes)."""
    pos = 3 if buf.startswith(b"\xef\xbb\xbf") else 0
    n = len(buf)
    while True:
        ws = _WS.match(buf, pos)  # matches the empty string at worst
        pos = ws.end() if ws else pos
        if not complete and n - pos < 9:
            return "more"
        if pos >= n:
            return "ok"  # empty or truncated: the parser will say so, nothing dangerous
        if buf.startswith(b"<?", pos):
            end = buf.find(b"?>", pos + 2)
            if end < 0:
                return "ok" if complete else "more"
            if not _declared_encoding_ok(buf[pos:end]):
                return "encoding"
            pos = end + 2
        elif buf.startswith(b"<!--", pos):
            end = buf.find(b"-->", pos + 4)
            if end < 0:
                return "ok" if complete else "more"
            pos = end + 3
        elif buf.startswith(b"<!", pos):
            return "doctype"
        elif buf.startswith(b"<", pos):
            return "ok"
        else:
            return "not_xml"


def _declared_encoding_ok(declaration: bytes) -> bool:
    """True when an <?xml … encoding="…"?> names an encoding in which ASCII markup stays ASCII."""
    match = _ENCODING_DECL.search(declaration)
    if not match or not declaration.startswith(b"<?xml"):
        return True
    name = match.group(1).decode("ascii").lower()
    if name.replace("_", "-").startswith(("utf-16", "utf-32", "ucs-2", "ucs-4", "iso-10646")):
        return True  # we transcoded the bytes ourselves when a BOM/NUL pattern said so
    try:
        if codecs.lookup(name).name in _SHIFTING_ENCODINGS:
            return False  # '+ADw-' decodes to '<': markup can hide from byte scans
        return b"<!DOCTYPE x [<!ENTITY a 'b'>]>".decode(name) == "<!DOCTYPE x [<!ENTITY a 'b'>]>"
    except (LookupError, UnicodeDecodeError, ValueError):
        return False  # unknown to Python (EBCDIC variants, …) or not ASCII-compatible


def _text_encoding(first: bytes) -> str | None:
    """The Python codec for a UTF-16/32 XML part detected from its first bytes; None for ASCII-based."""
    if first.startswith((b"\xff\xfe\x00\x00", b"<\x00\x00\x00")):
        return "utf-32-le"
    if first.startswith((b"\x00\x00\xfe\xff", b"\x00\x00\x00<")):
        return "utf-32-be"
    if first.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if first.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return None


def _utf8_view(chunks: Iterable[bytes], raw_hook: Callable[[bytes], None] | None = None) -> Iterator[bytes]:
    """Pass ASCII-based chunks through; transcode UTF-16/32 chunks to UTF-8 so byte regexes work."""
    iterator = iter(chunks)
    first = next(iterator, b"")
    if raw_hook:
        raw_hook(first)
    encoding = _text_encoding(first)
    if encoding is None:
        yield first
        yield from iterator
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    yield decoder.decode(first).encode("utf-8")
    for chunk in iterator:
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")
