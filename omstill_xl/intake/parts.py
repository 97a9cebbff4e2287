"""The styles and shared-strings parts: bounded before any parser builds them in memory.

openpyxl turns every entry of the styles part into Python objects (a flood of 1.2 million cell formats took a
minute and gigabytes under ``--annotate``), and python-calamine reads every shared string. Both parts are streamed
here and refused when they are larger, or hold more entries, than any workbook Excel writes.
"""

from __future__ import annotations

import re
import zipfile

from ..errors import UnsafeFileError
from ..i18n import N_, translator
from .messages import _SHRINK_ADVICE, _mb, _num
from .package import _read_relationships
from .xmlguard import _utf8_view
from .zippkg import _normalise, _ZipPackage

_ = translator("core")

_STYLE_ENTRY_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(xf|font|fill|border|numFmt|dxf|cellStyle|tableStyle)(?=[\s/>])")
_SHARED_STRING_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])")
_OVERLAP = 64
_COMMENT_RE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?comment(?=[\s/>])[^<>]*?\sref\s*=\s*["']([^"'<>]{0,100})["']""")
_COMMENTS_PART = re.compile(r"(?:^|/)(?:threaded)?comments[^/]*\.xml$", re.IGNORECASE)


def _check_side_parts(pkg: _ZipPackage, workbook_part: str) -> None:
    """Refuse a styles or shared-strings part that is too large or has too many entries."""
    rels = _read_relationships(pkg, _normalise(workbook_part)) or {}
    styles = {rel.target for rel in rels.values() if rel.type == "styles" and not rel.external} | {"xl/styles.xml"}
    strings = {rel.target for rel in rels.values() if rel.type == "sharedStrings" and not rel.external}
    strings |= {"xl/sharedstrings.xml"}
    for target in sorted(styles):
        info = pkg.info(target)
        if info is not None:
            _check_styles(pkg, info)
    for target in sorted(strings):
        info = pkg.info(target)
        if info is not None:
            _check_shared_strings(pkg, info)
    for info in pkg.infos:
        if _COMMENTS_PART.search(info.filename):
            _check_comments(pkg, info)


def _check_comments(pkg: _ZipPackage, info: zipfile.ZipInfo) -> None:
    """Comments: openpyxl attaches each to the cells of its reference, so a range reference is many cells."""
    from .dimensions import _range_area

    limit = pkg.limits.max_cell_elements
    covered = 0
    tail = b""
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        cut = max(0, len(buf) - 256)
        last = buf.rfind(b"<", cut)
        cut = last if last >= 0 else len(buf)
        covered += sum(_range_area(ref.decode("latin-1")) for ref in _COMMENT_RE.findall(buf, 0, cut))
        tail = buf[cut:]
        if covered > limit:
            raise UnsafeFileError(
                _("Merknadene i «{part}» gjelder mer enn {limit} celler. {advice}").format(
                    part=info.filename, limit=_num(limit), advice=_(_SHRINK_ADVICE)
                ),
                pkg.path,
            )


def _too_big(pkg: _ZipPackage, info: zipfile.ZipInfo, what: str, cap: int) -> None:
    if info.file_size > cap:
        raise UnsafeFileError(
            _("{what} («{part}») er {size}, mer enn grensen på {limit}. {advice}").format(
                what=_(what), part=info.filename, size=_mb(info.file_size), limit=_mb(cap), advice=_(_SHRINK_ADVICE)
            ),
            pkg.path,
        )


def _check_styles(pkg: _ZipPackage, info: zipfile.ZipInfo) -> None:
    limit = pkg.limits.max_styles
    _too_big(pkg, info, N_("Formateringsdelen"), pkg.limits.max_styles_part)
    counts: dict[bytes, int] = {}
    tail = b""
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        cut = max(0, len(buf) - _OVERLAP)
        cut = buf.rfind(b"<", cut) if buf.rfind(b"<", cut) >= 0 else len(buf)
        for name in _STYLE_ENTRY_RE.findall(buf, 0, cut):
            counts[name] = counts.get(name, 0) + 1
        tail = buf[cut:]
        worst = max(counts.values(), default=0)
        if worst > limit:
            raise UnsafeFileError(
                _(
                    "Arbeidsboka har mer enn {limit} cellformater eller andre formateringer (Excel selv tillater "
                    "64 000). Slike filer er laget for å lamme programmer som leser dem. Fjern ubrukte formater (eller "
                    "kopier dataene over i en ny arbeidsbok fra «omstill new») og prøv igjen."
                ).format(limit=_num(limit)),
                pkg.path,
            )


def _check_shared_strings(pkg: _ZipPackage, info: zipfile.ZipInfo) -> None:
    limit = pkg.limits.max_shared_strings
    _too_big(pkg, info, N_("Tekstdelen"), pkg.limits.max_shared_strings_part)
    count = 0
    tail = b""
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        cut = max(0, len(buf) - _OVERLAP)
        cut = buf.rfind(b"<", cut) if buf.rfind(b"<", cut) >= 0 else len(buf)
        count += len(_SHARED_STRING_RE.findall(buf, 0, cut))
        tail = buf[cut:]
        if count > limit:
            raise UnsafeFileError(
                _("Arbeidsboka har mer enn {limit} ulike tekster i tekstdelen «{part}». {advice}").format(
                    limit=_num(limit), part=info.filename, advice=_(_SHRINK_ADVICE)
                ),
                pkg.path,
            )
