"""A Word template read once per process, and the package of one report built from it.

docxtpl opens the template with python-docx for every document, turns the body back into text, renders it,
parses the result as a document of its own and moves it into the opened one; python-docx then serialises and
zips every part, and the zip is written once more with fixed timestamps. Of that work only the rendering depends
on the report. ``read_template(template_bytes)`` does the rest once (``render`` caches it per template): the parts
as python-docx saves them, the relationships, the body and header/footer text docxtpl starts from, the heading and
TOC styles. ``Package`` is one report's view of it: the rendered parts in place of the template's, the chart parts
a report adds, and ``zip_bytes()`` writing the package in the order and form python-docx writes it (content types,
package relationships, then every part in a depth-first walk of the relationships, each followed by its own
relationships) with ``safeio.deterministic_zip``'s fixed timestamps — once.

The rendered body is parsed inside the template's ``<w:document>`` element (the namespaces the body's start tag
declared are the root's), with docxtpl's parser options (``recover=True``) and python-docx's element classes: the
tree is the document part's tree at once, instead of a document of its own moved into the template's (a move
re-resolves the namespace of every element: 10–25 ms a report).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..safeio import FIXED_DATE, fixed_core_properties

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = "{" + W_NS + "}body"
HEADER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
_CENTRAL_DIR = "<4s4B4HL2L5H2L"  # a central directory entry (zipfile's ``structCentralDir``)
_END_OF_CENTRAL_DIR = "<4s4H2LH"  # zipfile's ``structEndArchive``
_LOCAL_HEADER = "<4s2B4HL2L2H"  # a local file header (zipfile's ``structFileHeader``)
_LOCAL_HEADER_SIZE = struct.calcsize(_LOCAL_HEADER)
_DOS_DATE = (FIXED_DATE[0] - 1980) << 9 | FIXED_DATE[1] << 5 | FIXED_DATE[2]
_DOS_TIME = FIXED_DATE[3] << 11 | FIXED_DATE[4] << 5 | FIXED_DATE[5] // 2
# the body's start tag as lxml writes it: its prefix and the namespaces it declares, nothing else
_BODY_START = re.compile(r'<(?:(\w+):)?body((?: xmlns(?::\w+)?="[^"]*")*)>')
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # docxtpl
_XMLNS = re.compile(r' xmlns(?::(\w+))?="([^"]*)"')


@dataclass(frozen=True)
class Rel:
    """One relationship: ``target`` is the target part's name (None for an external target)."""

    rid: str
    reltype: str
    target_ref: str
    target: str | None
    external: bool


class Deflated:
    """Bytes as a zip member stores them (raw deflate, as ``zipfile``'s ZIP_DEFLATED at its default level)."""

    __slots__ = ("crc", "data", "size")

    def __init__(self, data: bytes) -> None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.data = compressor.compress(data) + compressor.flush()
        self.crc = zlib.crc32(data)
        self.size = len(data)

    @classmethod
    def as_stored(cls, data: bytes, crc: int, size: int) -> Deflated:
        """A member's compressed bytes as a zip holds them (not compressed again)."""
        member = cls.__new__(cls)
        member.data, member.crc, member.size = data, crc, size
        return member


def deflated_members(package: bytes) -> list[tuple[str, Deflated]] | None:
    """The members of a zip in order, each with its compressed bytes as they are stored (nothing inflated or
    compressed again), for a package whose unchanged members are copied: of a report ``render_docx`` wrote they
    are what compressing them again would give. None when a member is not plainly deflated (stored,
    encrypted, with a data descriptor) or its local header disagrees with the central directory."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        infos = z.infolist()
    if len({info.filename for info in infos}) != len(infos):
        return None
    members = []
    for info in infos:
        start = info.header_offset
        header = package[start : start + _LOCAL_HEADER_SIZE]
        if len(header) < _LOCAL_HEADER_SIZE:
            return None
        (magic, _v, _r, flags, method, _t, _d, crc, csize, size, n, m) = struct.unpack(_LOCAL_HEADER, header)
        if (
            magic != b"PK\x03\x04"
            or method != zipfile.ZIP_DEFLATED
            or info.compress_type != zipfile.ZIP_DEFLATED
            or flags & 0x9  # encrypted, or sizes in a data descriptor
            or (crc, csize, size) != (info.CRC, info.compress_size, info.file_size)
        ):
            return None
        offset = start + _LOCAL_HEADER_SIZE + n + m
        data = package[offset : offset + csize]
        if len(data) != csize:
            return None
        members.append((info.filename, Deflated.as_stored(data, crc, size)))
    return members


@dataclass(frozen=True)
class TemplatePart:
    partname: str  # «/word/document.xml»
    content_type: str
    blob: bytes  # what python-docx writes for the unrendered template
    rels: tuple[Rel, ...]
    # the blob compressed once: a part no report changes is copied as it is (None for the parts every report
    # renders: the document, its headers and footers, the core properties)
    deflated: Deflated | None


def zip_members(members: list[tuple[str, bytes | Deflated]]) -> bytes:
    """A zip of ``members`` in order, each deflated (already, or here), with fixed timestamps and permissions:
    byte for byte what ``zipfile.ZipFile.writestr`` writes with ``safeio.deterministic_zip``'s ``ZipInfo``
    (``tests/test_report_package.py`` compares them), without compressing the same template part again for
    every report."""
    out = bytearray()
    central = bytearray()
    for name, member in members:
        deflated = member if isinstance(member, Deflated) else Deflated(member)
        info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.CRC, info.compress_size, info.file_size = deflated.crc, len(deflated.data), deflated.size
        offset = len(out)
        out += info.FileHeader(False)
        out += deflated.data
        try:
            filename, flag_bits = name.encode("ascii"), info.flag_bits
        except UnicodeEncodeError:
            filename, flag_bits = name.encode("utf-8"), info.flag_bits | 0x800  # as zipfile marks UTF-8 names
        central += struct.pack(
            _CENTRAL_DIR,
            b"PK\x01\x02",
            info.create_version,
            info.create_system,
            info.extract_version,
            info.reserved,
            flag_bits,
            info.compress_type,
            _DOS_TIME,
            _DOS_DATE,
            info.CRC,
            info.compress_size,
            info.file_size,
            len(filename),
            0,
            0,
            0,
            info.internal_attr,
            info.external_attr,
            offset,
        )
        central += filename
    start = len(out)
    out += central
    n = len(members)
    out += struct.pack(_END_OF_CENTRAL_DIR, b"PK\x05\x06", 0, 0, n, n, len(central), start, 0)
    return bytes(out)


@dataclass(frozen=True)
class BodyFrame:
    """document.xml around the body: the text before and after it, and the body's start tag as docxtpl wrote it
    (with its namespace declarations), for a rendered body that does not fit the frame."""

    before: str
    after: str
    start_tag: str
    bare_start: str  # the start tag without the namespace declarations the root already makes
    index: int  # the body's position among the root's children
    children: int  # how many children the root has


@dataclass(frozen=True)
class TemplatePackage:
    parts: dict[str, TemplatePart]  # every part python-docx saves, by name (never changed after reading)
    package_rels: tuple[Rel, ...]
    document: str  # the main document part's name
    document_root: bytes  # the template's document.xml as python-docx saves it (the fallback's starting point)
    body_source: str  # the body as docxtpl reads it; starts with ``frame.bare_start`` when there is a frame
    frame: BodyFrame | None  # None: the root cannot be written around the body (the body is parsed apart)
    headers_footers: tuple[tuple[str, str, str], ...]  # (part, XML text, encoding): headers, then footers
    footnotes: tuple[str, ...]  # footnotes parts (docxtpl renders their text once per section)
    core_properties: str  # the core properties part's name
    properties: dict[str, str]  # the core properties docxtpl renders as templates, with the template's text
    heading_styles: dict[str, int]  # style id → heading level
    toc_styles: dict[int, str]  # TOC level → style id
    rels_xml: dict[str, bytes]  # a part's relationships as python-docx writes them («/»: the package's)
    content_types_xml: bytes


def rels_member(partname: str) -> str:
    """«/word/document.xml» → «word/_rels/document.xml.rels» (python-docx's ``PackURI.rels_uri``)."""
    base, _, name = partname.rpartition("/")
    return f"{base}/_rels/{name}.rels".lstrip("/")


def _relative_ref(partname: str, base_uri: str) -> str:
    from docx.opc.packuri import PackURI

    return PackURI(partname).relative_ref(base_uri)


def _rels_xml(rels: tuple[Rel, ...] | list[Rel]) -> bytes:
    from docx.opc.oxml import CT_Relationships

    element = CT_Relationships.new()
    for rel in rels:
        element.add_rel(rel.rid, rel.reltype, rel.target_ref, rel.external)
    return element.xml  # type: ignore[no-any-return]  # bytes: serialize_part_xml


def _content_types_xml(parts: list[tuple[str, str]]) -> bytes:
    """python-docx's ``[Content_Types].xml`` for ``(partname, content type)`` pairs: a Default per known
    extension, an Override for the rest, sorted."""
    import posixpath

    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.oxml import CT_Types, serialize_part_xml
    from docx.opc.spec import default_content_types

    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}  # keys lower-case, as python-docx's dict keeps them
    overrides = {}
    for partname, content_type in parts:
        raw_ext = posixpath.splitext(partname)[1]
        ext = raw_ext[1:] if raw_ext.startswith(".") else raw_ext
        if (ext.lower(), content_type) in default_content_types:
            defaults[ext.lower()] = content_type
        else:
            overrides[partname] = content_type
    element = CT_Types.new()
    for ext in sorted(defaults):
        element.add_default(ext, defaults[ext])
    for partname in sorted(overrides):
        element.add_override(partname, overrides[partname])
    return serialize_part_xml(element)  # type: ignore[no-any-return]


def _rels_of(source: Any) -> tuple[Rel, ...]:
    return tuple(
        Rel(
            rel.rId,
            rel.reltype,
            rel.target_ref,
            None if rel.is_external else str(rel.target_part.partname),
            rel.is_external,
        )
        for rel in source.rels.values()
    )


def _frame(document_root: Any, body: Any, body_source: str) -> BodyFrame | None:
    """The text of document.xml around the body, when the body's start tag declares only the root's namespaces.

    The root is written once as it is and the body found in it: declaring no namespace of its own, the body is
    written there as ``body_source`` with the bare start tag (moving the body out of the tree to write the rest
    would re-resolve the namespace of each of its elements twice)."""
    from lxml import etree

    match = _BODY_START.fullmatch(body_source[: body_source.find(">") + 1])
    if match is None:
        return None
    declared = {prefix or None: uri for prefix, uri in _XMLNS.findall(match.group(2))}
    if any(document_root.nsmap.get(prefix) != uri for prefix, uri in declared.items()):
        return None
    prefix = f"{match.group(1)}:" if match.group(1) else ""
    bare_start = f"<{prefix}body>"
    text = etree.tostring(document_root, encoding="unicode")
    in_root = bare_start + body_source[len(match.group(0)) :]
    at = text.find(in_root)
    if at < 0 or text.find(in_root, at + 1) >= 0:
        return None
    before, after = text[:at], text[at + len(in_root) :]
    return BodyFrame(before, after, match.group(0), bare_start, list(document_root).index(body), len(document_root))


def _encoding(xml: str) -> str:
    """docxtpl's ``get_headers_footers_encoding``."""
    m = re.match(r'<\?xml[^\?]+\bencoding="([^"]+)"', xml, re.I)
    return m.group(1) if m else "utf-8"


def read_template(template: bytes) -> TemplatePackage:
    """Everything about ``template`` (a .docx's bytes) that is the same for every report made from it."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml
    from lxml import etree

    doc = Document(io.BytesIO(template))
    cp = doc.core_properties  # python-docx adds a default core properties part when there is none, as docxtpl does
    properties = {name: getattr(cp, name) for name in RENDERED_PROPERTIES}
    package = doc.part.package
    always_rendered = {str(doc.part.partname), str(package.part_related_by(RT.CORE_PROPERTIES).partname)}
    always_rendered |= {  # the parts _render_parts replaces in every report (docxtpl's headers and footers)
        str(rel.target_part.partname)
        for rel in doc.part.rels.values()
        if rel.reltype in (HEADER_RT, FOOTER_RT) and not rel.is_external and rel.target_part.blob
    }
    parts = {
        str(p.partname): TemplatePart(
            str(p.partname),
            p.content_type,
            p.blob,
            _rels_of(p),
            None if str(p.partname) in always_rendered else Deflated(p.blob),
        )
        for p in package.iter_parts()
    }
    rels_xml = {str(p.partname): p.rels.xml for p in package.iter_parts() if len(p.rels)}
    rels_xml["/"] = package.rels.xml

    document_part = doc.part
    root = document_part.element
    body_source = etree.tostring(root.body, encoding="unicode")  # docxtpl's ``get_xml``
    frame = _frame(root, root.body, body_source)
    if frame is not None:
        body_source = frame.bare_start + body_source[len(frame.start_tag) :]
    sources = []
    for uri in (HEADER_RT, FOOTER_RT):  # docxtpl's order: the headers, then the footers
        for rel in document_part.rels.values():
            if rel.reltype == uri and not rel.is_external and rel.target_part.blob:
                xml = etree.tostring(parse_xml(rel.target_part.blob), encoding="unicode")
                sources.append((str(rel.target_part.partname), xml, _encoding(xml)))
    heading_styles, toc_styles = {}, {}
    for s in doc.styles:  # after the parts were taken: a default styles part python-docx may add is not saved
        name = (s.name or "").lower()
        m = re.fullmatch(r"heading (\d)", name)
        if m:
            heading_styles[s.style_id] = int(m.group(1))
        m = re.fullmatch(r"toc (\d)", name)
        if m:
            toc_styles[int(m.group(1))] = s.style_id
    return TemplatePackage(
        parts=parts,
        package_rels=_rels_of(package),
        document=str(document_part.partname),
        document_root=serialize_part_xml(root),
        body_source=body_source,
        frame=frame,
        headers_footers=tuple(sources),
        footnotes=tuple(name for name, p in parts.items() if p.content_type == FOOTNOTES_CT),
        core_properties=str(package.part_related_by(RT.CORE_PROPERTIES).partname),
        properties=properties,
        heading_styles=heading_styles,
        toc_styles=toc_styles,
        rels_xml=rels_xml,
        content_types_xml=_content_types_xml([(p.partname, p.content_type) for p in parts.values()]),
    )


@cache
def body_parser() -> Any:
    """docxtpl's parser for a rendered body (``recover=True``), making python-docx's element classes."""
    from docx.oxml.parser import element_class_lookup
    from lxml import etree

    parser = etree.XMLParser(recover=True)
    parser.set_element_class_lookup(element_class_lookup)
    return parser


class Package:
    """One report's package: the prepared template's parts, the rendered ones in their place, added chart parts."""

    def __init__(self, template: TemplatePackage) -> None:
        self.template = template
        self.blobs: dict[str, bytes] = {}  # rendered or added parts
        self.added: dict[str, str] = {}  # added part → content type
        self.rels: dict[str, list[Rel]] = {}  # parts whose relationships changed (a chart added)
        self.current_part = template.document  # the part being rendered (where a chart goes)

    # --- the document root ----------------------------------------------------------------------------------

    def parse_body(self, rendered: str) -> Any:
        """The ``<w:document>`` element with the rendered body in it."""
        from lxml import etree

        frame = self.template.frame
        if frame is not None:
            root = etree.fromstring(frame.before + rendered + frame.after, body_parser())
            if len(root) == frame.children and root[frame.index].tag == BODY:
                # Moving the body to its own place is what strips the namespace declarations inside it that
                # repeat the root's (a chart's «xmlns:wp», «xmlns:r»), as the move from a document of its own does.
                root.insert(frame.index, root[frame.index])
                return root
            rendered = frame.start_tag + rendered[len(frame.bare_start) :]
        # the body on its own, moved into the template's root, as docxtpl does
        from docx.oxml.parser import parse_xml

        root = parse_xml(self.template.document_root)
        root.replace(root.body, etree.fromstring(rendered, body_parser()))
        return root

    # --- parts and relationships ------------------------------------------------------------------------------

    def rels_of(self, partname: str) -> list[Rel] | tuple[Rel, ...]:
        if partname in self.rels:
            return self.rels[partname]
        part = self.template.parts.get(partname)
        return part.rels if part is not None else ()

    def partnames(self) -> list[str]:
        """Every part, in python-docx's depth-first walk of the relationships (the order it writes them)."""
        order: list[str] = []
        seen: set[str] = set()

        def walk(rels: Any) -> None:
            for rel in rels:
                if rel.external or rel.target in seen:
                    continue
                seen.add(rel.target)
                order.append(rel.target)
                walk(self.rels_of(rel.target))

        walk(self.template.package_rels)
        return order

    def next_partname(self, template: str) -> str:
        """python-docx's ``OpcPackage.next_partname``: the first free number."""
        taken = set(self.template.parts) | set(self.added)
        n = 1
        while template % n in taken:
            n += 1
        return template % n

    def add_part(self, partname: str, content_type: str, blob: bytes) -> None:
        self.added[partname] = content_type
        self.blobs[partname] = blob

    def relate(self, source: str, reltype: str, target: str) -> str:
        """Relate ``source`` to the new part ``target``; the rId (python-docx's first free ``rIdN``)."""
        rels = self.rels.setdefault(source, list(self.rels_of(source)))
        ids = {r.rid for r in rels}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        base_uri = source.rpartition("/")[0] or "/"
        rels.append(Rel(rid, reltype, _relative_ref(target, base_uri), target, False))
        return rid

    def add_chart(self, spec: Any, *, width_cm: float, height_cm: float, alt: str, title: str, shape_id: int) -> str:
        """A chart part with its data workbook, related from the part being rendered; its ``<w:drawing>``."""
        from ..docxchart import CHART_CT, CHART_RT, PACKAGE_RT, XLSX_CT, chart_xml, data_xlsx, inline_xml

        chart = self.next_partname("/word/charts/chart%d.xml")
        self.added[chart] = CHART_CT  # taken before the data workbook is named, as python-docx's parts would be
        data = self.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
        del self.added[chart]
        self.add_part(data, XLSX_CT, data_xlsx(spec))
        data_rid = self.relate(chart, PACKAGE_RT, data)
        self.add_part(chart, CHART_CT, chart_xml(spec, data_rid=data_rid).encode("utf-8"))
        rid = self.relate(self.current_part, CHART_RT, chart)
        return inline_xml(rid, width_cm=width_cm, height_cm=height_cm, alt=alt, title=title, shape_id=shape_id)

    def blob(self, partname: str) -> bytes:
        found = self.blobs.get(partname)
        return found if found is not None else self.template.parts[partname].blob

    # --- writing --------------------------------------------------------------------------------------------

    def zip_bytes(self) -> bytes:
        """The .docx: python-docx's members in its order (content types, package relationships, every part with
        its relationships), with ``safeio.deterministic_zip``'s fixed timestamps; unchanged parts as they were
        compressed once for the template."""
        names = self.partnames()
        if self.added:
            types = [(n, self.added.get(n) or self.template.parts[n].content_type) for n in names]
            content_types = _content_types_xml(types)
        else:
            content_types = self.template.content_types_xml
        members: list[tuple[str, bytes | Deflated]] = [
            (CONTENT_TYPES, content_types),
            (PACKAGE_RELS, self.template.rels_xml["/"]),
        ]
        for name in names:
            data: bytes | Deflated
            if name in self.blobs:
                data = self.blobs[name]
                if name == self.template.core_properties:
                    data = fixed_core_properties(data)
            else:
                part = self.template.parts[name]
                data = part.deflated if part.deflated is not None else part.blob
            members.append((name.lstrip("/"), data))
            if name in self.rels:
                if self.rels[name]:
                    members.append((rels_member(name), _rels_xml(self.rels[name])))
            elif name in self.template.rels_xml:
                members.append((rels_member(name), self.template.rels_xml[name]))
        return zip_members(members)
