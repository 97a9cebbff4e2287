"""Report context + Word template → .docx bytes.

The template is rendered the way docxtpl renders it — its text cleaned up by docxtpl's ``patch_xml``, then a
sandboxed Jinja environment (``ImmutableSandboxedEnvironment``) with ``StrictUndefined`` (a missing variable is an
error, never an empty string) and autoescape (a «<» or «&» in a workbook cell cannot break the XML) — but the work
that is the same for every report is done once per process: ``compiled_template(template_bytes)`` (cached by the
template's bytes) holds the template's parts as python-docx saves them (``package.read_template``) and the cleaned-up
body, headers and footers compiled. Each report then renders those, fixes the tables and drawing ids as docxtpl
does, highlights «[Skriv her: …]» placeholders, fills the table of contents with the headings (each a link with
a page reference), sets fixed document properties, and writes the package once with fixed zip timestamps
(``package.Package``): the same input gives byte-identical files, the same bytes docxtpl and python-docx gave
(``tests/test_report_package.py`` keeps that pipeline to compare with).

>>> docx_bytes = render_docx(context)                      # doctest: +SKIP
>>> docx_bytes, pdf_input = render_docx(context, for_pdf=True)   # doctest: +SKIP
"""

from __future__ import annotations

import copy
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import ReportTemplateError
from .context import PLACEHOLDER_PREFIX

if TYPE_CHECKING:
    from .package import Package, TemplatePackage

_ = i18n.translator("report")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)
CHART_WIDTH_CM = 16.0
TOC_LEVELS = 2
_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER_PREFIX) + r"[^\]]*\]")


# --- the Jinja environment ---------------------------------------------------------------------------------


# --- limits: a user's template may not run away -------------------------------------------------------------

# The sandbox blocks code; these bound the work. Every loop iteration, every output chunk and every string/list
# the template builds is counted or sized, so «'x' * 10**9», a multiplied list, nested loops or a doubling string
# stop within a second with a Norwegian message instead of using gigabytes or CPU forever.
MAX_LOOP_ITERATIONS = 300_000  # all {% for %} iterations of one document together
MAX_SEQUENCE = 5_000_000  # characters of a string, items of a list, a template builds in one operation
MAX_OUTPUT_CHARS = 100_000_000  # the rendered XML of one document part
MAX_INT_BITS = 4_096  # integers a template computes (10**10**10 would take forever)
MAX_WIDTH = 10_000  # padding widths: ljust, center, indent, '%9999s', '{:>9999}'
TIME_BUDGET_S = 60.0  # rendering one document
_WIDTH_IN_FORMAT = re.compile(r"[%{][^%{}]*?(\d{5,})")


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


class TemplateLimitError(Exception):
    """A user's template did more work than a report can need (turned into ReportTemplateError)."""


class _Budget:
    """Work done by the document being rendered (one per process; rendering is not threaded)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.iterations = 0
        self.deadline = time.monotonic() + TIME_BUDGET_S

    def tick(self, n: int = 1) -> None:
        self.iterations += n
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise TemplateLimitError(_("løkkene i malen går mer enn {n} ganger").format(n=_n(MAX_LOOP_ITERATIONS)))
        if self.iterations & 0x3FF == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(_("utfyllingen tok mer enn {n} sekunder").format(n=f"{TIME_BUDGET_S:.0f}"))


BUDGET = _Budget()


def _counted(iterable: Any) -> Any:
    """Every {% for %} loops over this: each item is charged to the document's budget."""
    for item in iterable:
        BUDGET.tick()
        yield item


def _too_long() -> TemplateLimitError:
    return TemplateLimitError(
        _("malen lager en tekst eller liste på mer enn {n} tegn eller elementer").format(n=_n(MAX_SEQUENCE))
    )


def _too_wide() -> TemplateLimitError:
    return TemplateLimitError(_("malen ber om en feltbredde over {n} tegn").format(n=_n(MAX_WIDTH)))


def _sized(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQUENCE:
        raise _too_long()
    return value


def _bounded_concat(parts: Any) -> str:
    """``Environment.concat``: join the output while counting it and watching the clock."""
    out: list[str] = []
    total = 0
    for part in parts:
        total += len(part)
        if total > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(
                _("malen lager mer enn {n} millioner tegn tekst").format(n=MAX_OUTPUT_CHARS // 1_000_000)
            )
        BUDGET.tick(0)
        if len(out) & 0xFFF == 0 and time.monotonic() > BUDGET.deadline:
            raise TemplateLimitError(_("utfyllingen tok mer enn {n} sekunder").format(n=f"{TIME_BUDGET_S:.0f}"))
        out.append(part)
    return "".join(out)


def _guarded_join(*parts: Any) -> Any:
    """``a ~ b``: the joined string may not exceed the sequence limit."""
    from markupsafe import Markup, escape, soft_str

    if sum(len(str(p)) for p in parts) > MAX_SEQUENCE:
        raise _too_long()
    if any(hasattr(p, "__html__") for p in parts):
        return Markup("").join(escape(p) for p in parts)
    return "".join(soft_str(p) for p in parts)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    seqs = (str, list, tuple)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, seqs) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_SEQUENCE:
                raise _too_long()
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(_("malen regner med altfor store tall"))
    elif operator == "**":
        big = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if big and right * left.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(_("malen regner med altfor store tall"))
    elif operator == "+":
        if isinstance(left, seqs) and isinstance(right, seqs) and len(left) + len(right) > MAX_SEQUENCE:
            raise _too_long()
    elif operator == "%" and isinstance(left, str):
        _check_widths(left, right)


def _check_widths(fmt: str, args: Any = ()) -> None:
    match = _WIDTH_IN_FORMAT.search(fmt)
    if match and int(match.group(1)) > MAX_WIDTH:
        raise _too_wide()
    if "*" in fmt:
        values = args if isinstance(args, tuple) else (args,)
        if any(isinstance(v, int) and abs(v) > MAX_WIDTH for v in values):
            raise _too_wide()


_WIDTH_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Method calls on strings that could allocate without bound."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if name in _WIDTH_METHODS and any(abs(n) > MAX_WIDTH for n in numbers):
        raise _too_wide()
    if name in ("format", "format_map"):
        _check_widths(owner)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(owner) + count * len(args[1]) > MAX_SEQUENCE:
            raise _too_long()
    if name == "join" and args:
        _sized(args[0] if isinstance(args[0], (str, list, tuple)) else ())


def _width_filter(original: Any, keyword: str = "width") -> Any:
    """A filter whose second argument is a width or count (center, indent, batch, slice): refuse absurd values.

    Jinja passes an environment or evaluation context first to some filters (``jinja_pass_arg``)."""
    position = 2 if getattr(original, "jinja_pass_arg", None) is not None else 1

    def bounded(*args: Any, **kwargs: Any) -> Any:
        width = args[position] if len(args) > position else kwargs.get(keyword)
        if isinstance(width, int) and abs(width) > MAX_WIDTH:
            raise _too_wide()
        if isinstance(width, str) and len(width) > MAX_WIDTH:
            raise _too_wide()
        return _sized(original(*args, **kwargs))

    if hasattr(original, "jinja_pass_arg"):
        bounded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


def _format_filter(original: Any) -> Any:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            _check_widths(value, args)
        return _sized(original(value, *args, **kwargs))

    return bounded


def _replace_filter(original: Any) -> Any:
    def bounded(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        text = str(s)
        n = text.count(str(old)) if old else len(text) + 1
        if isinstance(count, int):
            n = min(n, max(count, 0))
        if len(text) + n * len(str(new)) > MAX_SEQUENCE:
            raise _too_long()
        return original(eval_ctx, s, old, new, count)

    bounded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


@cache
def environment() -> Any:
    """The sandboxed environment with the Norwegian filters; compiled templates are cached by source.

    The parts of a report's template are compiled once (``compiled_template``); this cache serves the smaller
    sources compiled per report (core properties, footnotes) and the lint. The environment also bounds the work a
    template can do (see the limits above).
    """
    from jinja2 import StrictUndefined, nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .formatting import FILTERS

    class BoundedCodeGenerator(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:  # a ~ b ~ c
            self.write("environment.omstill_join(")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write(")")

    class ReportEnvironment(ImmutableSandboxedEnvironment):
        _compiled: OrderedDict[str, Any]
        code_generator_class = BoundedCodeGenerator
        intercepted_binops = frozenset({"*", "**", "+", "%"})
        concat = staticmethod(_bounded_concat)
        omstill_join = staticmethod(_guarded_join)
        omstill_counted = staticmethod(_counted)

        def _generate(self, source: Any, name: Any, filename: Any, defer_init: bool = False) -> Any:
            for loop in source.find_all(nodes.For):  # every loop charges its iterations to the budget
                loop.iter = nodes.Call(nodes.EnvironmentAttribute("omstill_counted"), [loop.iter], [], None, None)
            return super()._generate(source, name, filename, defer_init=defer_init)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return _sized(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _check_call(__obj, args, kwargs)
            return _sized(super().call(__context, __obj, *args, **kwargs))

        def is_safe_callable(self, obj: Any) -> bool:
            return obj is _counted or super().is_safe_callable(obj)

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            found = self._compiled.get(source)
            if found is None:
                found = super().from_string(source)
                self._compiled[source] = found
                if len(self._compiled) > 32:
                    self._compiled.popitem(last=False)
            else:
                self._compiled.move_to_end(source)
            return found

    env = ReportEnvironment(autoescape=True, undefined=StrictUndefined)
    env._compiled = OrderedDict()
    env.filters.update(FILTERS)
    for name, keyword in (("center", "width"), ("indent", "width"), ("batch", "linecount"), ("slice", "slices")):
        env.filters[name] = _width_filter(env.filters[name], keyword)
    env.filters["format"] = _format_filter(env.filters["format"])
    env.filters["replace"] = _replace_filter(env.filters["replace"])
    return env


# --- rendering -------------------------------------------------------------------------------------------------

_SPECIAL_IN_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@cache
def _docxtpl() -> Any:
    """docxtpl's text clean-up without a document: ``patch_xml`` (the template's tags made whole) and
    ``resolve_listing`` (\\n → line break, \\a → paragraph, …), the latter skipped when no text node has such a
    character."""
    from docxtpl import DocxTemplate

    class ReportTemplate(DocxTemplate):  # type: ignore[misc]
        def resolve_listing(self, xml: str) -> str:
            if not _SPECIAL_IN_TEXT.search(xml):
                return xml
            return super().resolve_listing(xml)

    return ReportTemplate(None)


@dataclass(frozen=True)
class CompiledTemplate:
    """A template read (``package.read_template``) and its parts' text compiled, once per process."""

    package: TemplatePackage
    body: Any  # jinja2.Template
    headers_footers: tuple[tuple[str, Any, str], ...]  # (part, jinja2.Template, encoding)


def _compile(source: str) -> Any:
    """docxtpl's preparation of a part's text (``patch_xml``, then «\\n» before every paragraph so that Jinja's
    line numbers point somewhere), compiled by the sandboxed environment."""
    return environment().from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", _docxtpl().patch_xml(source)))


@lru_cache(maxsize=8)
def compiled_template(template: bytes) -> CompiledTemplate:
    """The template (a .docx's bytes) read and compiled; cached by its bytes, so every report of a batch made
    from the same template — the built-in one of a målform, or a user's — shares the work."""
    from .package import read_template

    package = read_template(template)
    parts = tuple((name, _compile(xml), encoding) for name, xml, encoding in package.headers_footers)
    return CompiledTemplate(package, _compile(package.body_source), parts)


def _render_text(template: Any, context: dict[str, Any]) -> str:
    """docxtpl's ``render_xml_part`` after the compile step."""
    xml = template.render(context)
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # docxtpl's re.sub(r"\n<w:p([ >])", …)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return str(_docxtpl().resolve_listing(xml))


class NativeChart:
    """A chart in the context: rendered (``{{ diagrammer.x }}``) it adds its chart part to the part being
    rendered — the document body, a header, in the built-in template or a user's own — and becomes the run that
    shows it. Nothing falls back to a picture: every part docxtpl renders can hold a chart."""

    def __init__(self, package: Package, data: dict[str, Any], counter: list[int]) -> None:
        self.package, self.data, self.counter = package, data, counter

    def _insert(self) -> str:
        from .charts import alt_text, chart_spec, height_cm

        self.counter[0] += 1
        drawing = self.package.add_chart(
            chart_spec(self.data),
            width_cm=CHART_WIDTH_CM,
            height_cm=height_cm(self.data),
            alt=alt_text(self.data),
            title=str(self.data.get("tittel", "")),
            shape_id=self.counter[0],  # docxtpl renumbers every docPr id of the document
        )
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    def __html__(self) -> str:
        return self._insert()

    __str__ = __html__


def _with_charts(package: Package, context: dict[str, Any]) -> dict[str, Any]:
    """A copy of the context where chart data under ``diagrammer`` became native Word charts with alt text."""
    ctx = dict(context)
    counter = [0]
    ctx["diagrammer"] = {
        key: NativeChart(package, data, counter) if data else None
        for key, data in context.get("diagrammer", {}).items()
    }
    return ctx


def _render_error(e: Exception, name: str) -> ReportTemplateError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(e, UndefinedError):
        return ReportTemplateError(
            _("Malen bruker en verdi som ikke finnes i rapportdataene ({detail}). Se variabellisten i README.").format(
                detail=e.message
            ),
            name,
        )
    if isinstance(e, SecurityError):
        return ReportTemplateError(
            _("Malen prøver å gjøre noe som ikke er tillatt i en rapportmal ({detail}).").format(detail=e), name
        )
    if isinstance(e, TemplateSyntaxError):
        return ReportTemplateError(_("Malen har en feil i en tag: {detail}.").format(detail=e.message), name)
    if isinstance(e, TemplateLimitError):
        return ReportTemplateError(
            _(
                "Malen gjør mer arbeid enn en rapport kan trenge ({detail}), og utfyllingen er stoppet. Se etter "
                "løkker inne i løkker, store tall eller tekst som ganges opp."
            ).format(detail=e),
            name,
        )
    if isinstance(e, (MemoryError, RecursionError)):
        return ReportTemplateError(
            _(
                "Malen bruker for mye minne eller kaller seg selv for mange ganger (en makro som kaller seg selv?), "
                "og utfyllingen er stoppet."
            ),
            name,
        )
    return ReportTemplateError(
        _("Malen kunne ikke fylles ut ({kind}: {detail}).").format(kind=type(e).__name__, detail=str(e)[:200]), name
    )


def fix_tables(body: Any) -> None:
    """docxtpl's ``fix_tables`` (0.20) on the parsed body: a table whose rows have more cells than its grid has
    columns (a ``{%tc for %}`` loop) gets more columns, the old ones narrowed to keep the width; a grid with more
    columns than any row's cells (counting ``gridSpan``) loses the extra ones, their width spread over the rest."""
    from lxml import etree

    uri = body.nsmap["w"]
    ns = "{" + uri + "}"
    for t in body.iter(ns + "tbl"):
        grid = t.find(ns + "tblGrid")
        if grid is not None and _grid_fits(t, uri, len(grid.findall(ns + "gridCol"))):
            continue
        columns = grid.findall(ns + "gridCol")
        rows = [r.findall(ns + "tc") for r in t.iter(ns + "tr")]
        to_add = 0
        for cells in rows:
            if len(columns) + to_add < len(cells):
                to_add = len(cells) - len(columns)
        if to_add > 0:
            width = sum(float(c.get(ns + "w")) for c in columns if c.get(ns + "w") is not None)
            new_average = None
            if width > 0:
                old_average = width / len(columns)
                new_average = width / (len(columns) + to_add)
                for c in columns:
                    c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
                for _i in range(to_add):
                    etree.SubElement(grid, ns + "gridCol", {ns + "w": str(int(new_average))})
            columns = grid.findall(ns + "gridCol")
        widest = 0
        for cells in rows:
            n = 0
            for cell in cells:
                tc_pr = cell.find(ns + "tcPr")
                span = None if tc_pr is None else tc_pr.find(ns + "gridSpan")
                n += int(span.get(ns + "val")) if span is not None else 1
            widest = max(widest, n)
        to_remove = len(columns) - widest
        if to_remove > 0:
            removed = 0.0
            for c in columns[-to_remove:]:
                removed += float(c.get(ns + "w"))
                grid.remove(c)
            left = grid.findall(ns + "gridCol")
            extra = int(removed / len(left)) if left else 0
            for c in left:
                c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra)))


# a row with more cells than the grid has columns; a cell spanning what int() may not read as a whole number;
# a row whose cells (spans counted) fill the grid. The checks run in C, over the rows and cells fix_tables reads.
_MORE_CELLS = ".//w:tr[count(w:tc) > $n]"
_ODD_SPAN = ".//w:tr/w:tc/w:tcPr[1]/w:gridSpan[1][not(@w:val) or @w:val = '' or translate(@w:val, '0123456789', '')]"
_FULL_ROW = ".//w:tr[count(w:tc[not(w:tcPr[1]/w:gridSpan[1])]) + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) >= $n]"


def _grid_fits(table: Any, uri: str, columns: int) -> bool:
    """The table is one ``fix_tables`` leaves as it is: no row has more cells than the grid has columns, and some
    row fills the grid (spans, all plain whole numbers, counted)."""
    return bool(
        not _xpath(_MORE_CELLS, uri)(table, n=columns)
        and not _xpath(_ODD_SPAN, uri)(table)
        and _xpath(_FULL_ROW, uri)(table, n=columns)
    )


def _render_parts(compiled: CompiledTemplate, package: Package, context: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """What docxtpl's ``render`` does, on the prepared template: the body (tables fixed, drawing ids renumbered),
    the headers and footers, the core properties it treats as templates, the footnotes. Returns the document
    root and the rendered properties."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    env = environment()
    template = compiled.package
    package.current_part = template.document
    root = package.parse_body(_render_text(compiled.body, context))
    fix_tables(root.body)
    for n, docpr in enumerate(root.body.iter(WP + "docPr"), start=1001):  # docxtpl's fix_docpr_ids
        docpr.set("id", str(n))
    for name, source, encoding in compiled.headers_footers:
        package.current_part = name
        package.blobs[name] = serialize_part_xml(parse_xml(_render_text(source, context).encode(encoding)))
    properties = {name: env.from_string(text).render(context) for name, text in template.properties.items()}
    for _section in root.sectPr_lst:  # docxtpl renders the footnotes once for every section
        for name in template.footnotes:
            package.current_part = name
            text = package.blob(name).decode("utf-8")
            package.blobs[name] = _render_text(_compile(text), context).encode("utf-8")
    return root, properties


def render_docx(
    context: dict[str, Any], template: bytes | None = None, *, template_name: str = "malen", for_pdf: bool = False
) -> Any:
    """The report as .docx bytes; with ``for_pdf`` also the variant LibreOffice should convert.

    The PDF variant differs only in the table of contents: LibreOffice keeps a TOC field's stored text, so
    the variant unwraps the field and LibreOffice computes the page references itself.
    """
    from docx.opc.oxml import serialize_part_xml
    from jinja2 import TemplateError

    from ..safeio import clean_values
    from .make_template import shipped_template_bytes
    from .package import Package

    builtin = template if template is not None else shipped_template_bytes(i18n.current())  # the målform's own
    context = clean_values(context)  # text is cleaned once, at the writer: no XML-illegal characters reach Word
    BUDGET.reset()
    try:
        compiled = compiled_template(builtin)
        package = Package(compiled.package)
        root, rendered_properties = _render_parts(compiled, package, _with_charts(package, context))
    except (TemplateError, TemplateLimitError, MemoryError, RecursionError) as e:
        raise _render_error(e, template_name) from e
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as e:
        if template is None:
            raise  # the built-in template: a bug, not the user's fault
        raise _render_error(e, template_name) from e
    body = root.body
    _highlight(body)
    _fill_toc(body, compiled.package, _text_width_twips(root))
    package.blobs[compiled.package.core_properties] = _core_properties(package, rendered_properties, context)
    package.blobs[compiled.package.document] = serialize_part_xml(root)
    docx = package.zip_bytes()
    if not for_pdf:
        return docx
    _unwrap_toc(body)
    package.blobs[compiled.package.document] = serialize_part_xml(root)
    return docx, package.zip_bytes()


def _core_properties(package: Package, rendered: dict[str, str], context: dict[str, Any]) -> bytes:
    """docProps/core.xml: the properties docxtpl rendered, then the report's own (python-docx writes them)."""
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    element = parse_xml(package.blob(package.template.core_properties))
    cp = CoreProperties(element)  # type: ignore[arg-type]
    for name, value in rendered.items():
        setattr(cp, name, value)
    _properties(cp, context)
    return serialize_part_xml(element)  # type: ignore[no-any-return]


def _properties(cp: Any, context: dict[str, Any]) -> None:
    from ..safeio import WORD_PROPERTY_MAX, clean_text

    def fit(text: str) -> str:  # Word refuses a core property over 255 characters
        return clean_text(text, WORD_PROPERTY_MAX)

    program = context.get("program", {})
    title = context.get("tittel", _("Årsrapport"))
    cp.title = fit(f"{title} – {program.get('navn', '')}".strip(" –"))
    cp.subject = fit(
        _("Årsrapport til {fylkeskommune}").format(fylkeskommune=program.get("fylkeskommune", _("fylkeskommunen")))
    )
    cp.author = fit(program.get("organisasjon") or program.get("navn") or "omstill_xl")
    cp.last_modified_by = "omstill_xl"
    cp.keywords = _("regional omstilling; årsrapport")
    cp.comments = context.get("kilde", {}).get("verktoy", "omstill_xl")
    cp.language = i18n.language_tag()
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = FIXED_TIME


# --- placeholders ------------------------------------------------------------------------------------------


def highlight_placeholders(doc: Any) -> int:
    """Give every «[Skriv her: …]» of a python-docx document its own run, highlighted yellow. Returns how many
    were marked."""
    return _highlight(doc.element.body)


@lru_cache(maxsize=32)
def _xpath(expression: str, uri: str = W_NS) -> Any:
    """A compiled XPath with the ``w`` prefix for ``uri`` (python-docx's own ``xpath`` takes no variables)."""
    from lxml import etree

    return etree.XPath(expression, namespaces={"w": uri})


def _highlight(body: Any) -> int:
    """``highlight_placeholders`` on a body element (python-docx's element classes)."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.run import Run

    count = 0
    for t in _xpath(".//w:t[contains(., $p)]")(body, p=PLACEHOLDER_PREFIX):  # C speed, then exactly:
        text = t.text or ""
        if PLACEHOLDER_PREFIX not in text:
            continue
        run = t.getparent()
        if run.tag != W + "r":
            continue
        texts = [c for c in run if c.tag != W + "rPr"]
        if len(texts) != 1:  # line breaks etc. in the run: mark the whole run
            Run(run, None).font.highlight_color = WD_COLOR_INDEX.YELLOW  # type: ignore[arg-type]  # no part needed
            count += 1
            continue
        pieces, pos = [], 0
        for m in _PLACEHOLDER.finditer(text):
            if m.start() > pos:
                pieces.append((text[pos : m.start()], False))
            pieces.append((m.group(0), True))
            pos = m.end()
        if pos < len(text):
            pieces.append((text[pos:], False))
        for piece, marked in pieces:
            new = copy.deepcopy(run)
            new_t = new.find(W + "t")
            new_t.text = piece
            new_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if marked:
                Run(new, None).font.highlight_color = WD_COLOR_INDEX.YELLOW  # type: ignore[arg-type]  # no part needed
                count += 1
            run.addprevious(new)
        run.getparent().remove(run)
    return count


# --- table of contents ---------------------------------------------------------------------------------------


def _el(tag: str, **attrs: str) -> Any:
    from lxml import etree

    el = etree.Element(W + tag)
    for k, v in attrs.items():
        el.set(W + k, v)
    return el


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    from lxml import etree

    el = etree.SubElement(parent, W + tag)
    for k, v in attrs.items():
        el.set(W + k, v)
    return el


def _text_in(el: Any, value: str) -> None:
    el.text = value
    el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _field_events(body: Any) -> tuple[list[tuple[Any, Any, str, str]], Any]:
    """Every field character and instruction of the body's paragraphs in paragraph order, as (paragraph key, run,
    kind, instruction text), and ``span(key, key)``: the paragraphs from one to the other.

    Without paragraphs inside paragraphs (text boxes) each one belongs to one paragraph, found from it; with them
    every paragraph is walked, and an inner one's belong to the outer one too."""
    events: list[tuple[Any, Any, str, str]] = []

    def add(key: Any, el: Any) -> None:
        if el.tag == W + "fldChar":
            events.append((key, el.getparent(), el.get(W + "fldCharType") or "", ""))
        else:
            events.append((key, el.getparent(), "instr", el.text or ""))

    if not _xpath("boolean(.//w:p//w:p)")(body):
        for el in body.iter(W + "fldChar", W + "instrText"):
            p = next(el.iterancestors(W + "p"), None)
            if p is not None:
                add(p, el)

        def span(first: Any, last: Any) -> list[Any]:
            between = int(_xpath("count(preceding::w:p)")(last) - _xpath("count(preceding::w:p)")(first))
            return [first, *_xpath("following::w:p[position() <= $n]")(first, n=between)] if between else [first]

        return events, span
    paragraphs = list(body.iter(W + "p"))
    for pi, p in enumerate(paragraphs):
        for el in p.iter(W + "fldChar", W + "instrText"):
            add(pi, el)
    return events, lambda first, last: paragraphs[first : last + 1]


def _toc_field(body: Any) -> dict[str, Any] | None:
    """The TOC field's runs and the paragraphs it spans, or None when there is none.

    Returns ``{"paragraphs": [...], "begin": run, "instr": [runs], "separate": run | None, "end": run}``.
    """
    events, span = _field_events(body)
    for k, (_, _, kind, text) in enumerate(events):
        if kind != "instr" or not text.strip().upper().startswith("TOC"):
            continue
        b = next((i for i in range(k, -1, -1) if events[i][2] == "begin"), None)
        if b is None:
            return None
        depth, instr, separate = 0, [], None
        for i in range(b, len(events)):
            pi, run, kind, _ = events[i]
            if kind == "begin":
                depth += 1
            elif kind == "instr" and depth == 1 and separate is None:
                instr.append(run)
            elif kind == "separate" and depth == 1:
                separate = run
            elif kind == "end":
                depth -= 1
                if depth == 0:
                    return {
                        "paragraphs": span(events[b][0], pi),
                        "begin": events[b][1],
                        "instr": list(dict.fromkeys(instr)),
                        "separate": separate,
                        "end": run,
                    }
        return None
    return None


def _headings(body: Any, styles: dict[str, int]) -> list[tuple[Any, int, str]]:
    """(paragraph, level, text) of every paragraph with a heading style of the TOC's levels, in document order.

    Walks the style references (``w:pPr/w:pStyle``), not every paragraph: a paragraph's own first ``pStyle`` in
    its own first ``pPr`` is the one Word uses."""
    out: list[tuple[Any, int, str]] = []
    ids = [style_id for style_id, level in styles.items() if level <= TOC_LEVELS]
    if not ids:
        return out
    wanted = " or ".join(f"@w:val = $s{i}" for i in range(len(ids)))
    found = _xpath(f".//w:pStyle[{wanted}]")(body, **{f"s{i}": v for i, v in enumerate(ids)})
    for style in found:  # the heading styles' references (C speed), then exactly:
        ppr = style.getparent()
        p = ppr.getparent()
        if ppr.tag != W + "pPr" or p is None or p.tag != W + "p" or p.find(W + "pPr") is not ppr:
            continue
        if ppr.find(W + "pStyle") is not style:
            continue
        level = styles.get(style.get(W + "val"))
        if level and level <= TOC_LEVELS:
            text = "".join(t.text or "" for t in p.iter(W + "t")).strip()
            if text:
                out.append((p, level, text))
    return out


def _fill_toc(body: Any, template: TemplatePackage, text_width_twips: int) -> int:
    """Fill the template's TOC field with an entry per Heading 1–2 (a link and a PAGEREF to a bookmark).

    Word shows the entries at once and updates the field (page numbers) when the document opens; LibreOffice
    computes the PAGEREF page numbers in the PDF variant (``unwrap_toc``). Returns the number of entries.
    """
    field = _toc_field(body)
    if field is None:
        return 0
    toc_styles = template.toc_styles
    headings = _headings(body, template.heading_styles)
    if not headings:
        return 0
    existing = [int(b.get(W + "id")) for b in body.iter(W + "bookmarkStart") if (b.get(W + "id") or "").isdigit()]
    next_id = max(existing, default=0) + 1
    entries = []
    for n, (p, level, text) in enumerate(headings, start=1):
        name = f"_TocOX{n:04d}"
        bid = str(next_id + n)
        p.insert(1 if p.find(W + "pPr") is not None else 0, _el("bookmarkStart", id=bid, name=name))
        p.append(_el("bookmarkEnd", id=bid))
        entry = _el("p")  # its children are made in place (one new element tree per entry, not per element)
        ppr = _sub(entry, "pPr")
        if level in toc_styles:
            _sub(ppr, "pStyle", val=toc_styles[level])
        _sub(_sub(ppr, "tabs"), "tab", val="right", leader="dot", pos=str(text_width_twips))
        link = _sub(entry, "hyperlink", anchor=name, history="1")
        _text_in(_sub(_sub(link, "r"), "t"), text)
        _sub(_sub(link, "r"), "tab")
        _sub(_sub(link, "r"), "fldChar", fldCharType="begin")
        _text_in(_sub(_sub(link, "r"), "instrText"), f" PAGEREF {name} \\h ")
        _sub(_sub(link, "r"), "fldChar", fldCharType="separate")
        _text_in(_sub(_sub(link, "r"), "t"), "")
        _sub(_sub(link, "r"), "fldChar", fldCharType="end")
        entries.append(entry)
    head = list(
        dict.fromkeys(
            [field["begin"], *field["instr"], field["separate"] if field["separate"] is not None else field["begin"]]
        )
    )
    for r in reversed(head):
        entries[0].insert(1, copy.deepcopy(r))
    entries[-1].append(copy.deepcopy(field["end"]))
    anchor = field["paragraphs"][0]
    for e in entries:
        anchor.addprevious(e)
    for p in field["paragraphs"]:
        p.getparent().remove(p)
    return len(entries)


def _text_width_twips(root: Any) -> int:
    """The first section's text width (python-docx's ``Document.sections[0]``)."""
    from docx.section import Section

    s: Any = Section(root.sectPr_lst[0], None)  # type: ignore[arg-type]  # no part needed for the page size
    try:
        return int((s.page_width - s.left_margin - s.right_margin) / 635)
    except TypeError:  # pragma: no cover - a section without page size
        return 9072


def unwrap_toc(doc: Any) -> None:
    """Remove the TOC field's own begin/instruction/separate/end runs of a python-docx document, keeping the
    entries (PDF variant)."""
    _unwrap_toc(doc.element.body)


def _unwrap_toc(body: Any) -> None:
    field = _toc_field(body)
    if field is None:
        return
    for r in dict.fromkeys([field["begin"], *field["instr"], field["separate"], field["end"]]):
        if r is not None and r.getparent() is not None:
            r.getparent().remove(r)
