"""Template lint: check a Word template before anything is rendered, and say what is wrong in Norwegian.

``lint_template(data, name)`` returns a list of ``LintIssue`` (``feil`` stops the run, ``advarsel`` does not):

- the file must be a Word document (.docx) of sane size;
- jinja syntax, after docxtpl's own clean-up, must parse (the text around the fault is quoted);
- every variable and field must exist in the report context (``variables.CONTEXT``), loop variables
  included (``{%tr for t in io.tiltak %}`` … ``{{ t.navn }}``), and every filter must be one of ours;
- a tag must start and end in the same paragraph, ``{%tr`` / ``{%tc`` must sit in a table;
- a tag split over several runs (Word splits text where formatting, spelling marks or revisions change)
  is a warning: docxtpl joins it, but the formatting of the first run wins.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from ..errors import ReportTemplateError
from ..i18n import N_, translator
from .variables import CONTEXT, Var

_ = translator("report")

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XML_PART_BYTES = 20 * 1024 * 1024  # one XML part (the document, a header, …); images may be larger
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_LOOP_ATTRS = {
    "index",
    "index0",
    "revindex",
    "revindex0",
    "first",
    "last",
    "length",
    "cycle",
    "depth",
    "depth0",
    "previtem",
    "nextitem",
    "changed",
}
_DICT_METHODS = {"items", "keys", "values", "get"}


@dataclass(frozen=True)
class LintIssue:
    severity: str  # "feil" | "advarsel"
    message: str  # Norwegian
    where: str = ""  # the part and the paragraph text, e.g. «dokumentet, avsnittet «Mål: {{ io.mal }}»»

    def line(self) -> str:
        return f"{self.severity}: {self.message}" + (f" ({self.where})" if self.where else "")


class _Unknown:
    """A value whose shape the lint cannot know (``{% set %}``, macro arguments): anything goes."""


UNKNOWN = _Unknown()
LOOP = object()


def _snippet(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- opening ---------------------------------------------------------------------------------------------------


def open_template(data: bytes, name: str) -> Any:
    """The template as a docxtpl ``DocxTemplate``, or a ``ReportTemplateError`` in Norwegian."""
    advice = _("Lagre malen i Word som Word-dokument (.docx) og prøv igjen.")
    not_word = _("Malen er ikke et Word-dokument (.docx).") + " " + advice
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ReportTemplateError(
            _("Malen er for stor ({mb} MB). Fjern store bilder.").format(mb=len(data) // (1024 * 1024)), name
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ReportTemplateError(not_word, name)
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED_BYTES:
                raise ReportTemplateError(_("Malen pakker seg ut til mer enn 200 MB og avvises."), name)
            big = next(
                (
                    i
                    for i in z.infolist()
                    if i.filename.lower().endswith((".xml", ".rels")) and i.file_size > MAX_XML_PART_BYTES
                ),
                None,
            )
            if big is not None:
                raise ReportTemplateError(
                    _(
                        "Delen «{part}» av malen er {mb} MB tekst; en rapportmal har noen hundre kB. Malen avvises."
                    ).format(part=big.filename, mb=big.file_size // (1024 * 1024)),
                    name,
                )
    except zipfile.BadZipFile as e:
        raise ReportTemplateError(not_word, name) from e
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as e:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise ReportTemplateError(
            _("Malen kan ikke åpnes som Word-dokument ({kind}).").format(kind=type(e).__name__) + " " + advice, name
        ) from e
    return tpl


DOCUMENT, HEADER, FOOTER = N_("dokumentet"), N_("topptekst"), N_("bunntekst")


def _where(label: str, text: str) -> str:
    return _("{part}, avsnittet «{text}»").format(part=label, text=text)


def _parts(tpl: Any) -> list[tuple[str, Any]]:
    """(label, lxml root) for the body, headers and footers."""
    from docx.opc.oxml import parse_xml

    out = [(_(DOCUMENT), tpl.docx._element.body)]
    for uri, label in ((tpl.HEADER_URI, _(HEADER)), (tpl.FOOTER_URI, _(FOOTER))):
        for _rid, part in tpl.get_headers_footers(uri):
            out.append((label, parse_xml(part.blob)))
    return out


# --- tags split across runs or paragraphs --------------------------------------------------------------------


def _paragraph_runs(p: Any) -> list[tuple[int, str]]:
    """(run number, text) for each w:t in the paragraph, in order."""
    runs: dict[int, int] = {}
    out = []
    for t in p.iter(W + "t"):
        r = t.getparent()
        while r is not None and r.tag != W + "r":
            r = r.getparent()
        key = id(r)
        runs.setdefault(key, len(runs))
        out.append((runs[key], t.text or ""))
    return out


def _in_table(p: Any) -> bool:
    parent = p.getparent()
    while parent is not None:
        if parent.tag == W + "tc":
            return True
        parent = parent.getparent()
    return False


def check_runs(tpl: Any) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for label, root in _parts(tpl):
        for p in root.iter(W + "p"):
            pieces = _paragraph_runs(p)
            text = "".join(t for _, t in pieces)
            if "{" not in text and "}" not in text:
                continue
            owner = [run for run, t in pieces for _ in t]
            where = _where(label, _snippet(text))
            stripped = _TAG.sub("", text)
            for opener, closer in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
                if opener in stripped or closer in stripped:
                    issues.append(
                        LintIssue(
                            "feil",
                            _(
                                "En tag med {opener} … {closer} starter eller slutter ikke i samme avsnitt. Skriv hele "
                                "taggen i ett avsnitt."
                            ).format(opener=opener, closer=closer),
                            where,
                        )
                    )
                    break
            for m in _TAG.finditer(text):
                tag = m.group(0)
                if len(set(owner[m.start() : m.end()])) > 1:
                    issues.append(
                        LintIssue(
                            "advarsel",
                            _(
                                "Taggen «{tag}» er delt over flere tekstbiter (runs) i Word. Den virker, men får "
                                "formateringen til første del. Skriv den på nytt i ett strøk, eller lim den inn som ren "
                                "tekst."
                            ).format(tag=_snippet(tag, 50)),
                            where,
                        )
                    )
                kind = re.match(r"\{%-?\s*(p|tr|tc|r)\s", tag + " ")
                if kind and kind.group(1) in ("tr", "tc") and not _in_table(p):
                    issues.append(
                        LintIssue("feil", _("«{tag}» må stå i en tabellcelle.").format(tag=_snippet(tag, 50)), where)
                    )
                if kind and kind.group(1) == "p" and text.strip() != tag.strip():
                    issues.append(
                        LintIssue(
                            "advarsel",
                            _(
                                "Avsnittet med «{tag}» har også annen tekst; den forsvinner, fordi hele avsnittet "
                                "byttes ut med taggen."
                            ).format(tag=_snippet(tag, 50)),
                            where,
                        )
                    )
    return issues


# --- jinja: syntax, variables, filters ---------------------------------------------------------------------


def jinja_sources(tpl: Any) -> list[tuple[str, str]]:
    """(label, jinja source) as docxtpl renders them: cleaned XML, one paragraph per line."""
    from docx.opc.oxml import parse_xml

    out = [(_(DOCUMENT), tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, _(HEADER)), (tpl.FOOTER_URI, _(FOOTER))):
        for _rid, part in tpl.get_headers_footers(uri):
            out.append((label, tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))))
    return [(label, re.sub(r"<w:p([ >])", r"\n<w:p\1", src)) for label, src in out]


def _line_text(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = source.splitlines()
    if 0 < lineno <= len(lines):
        return _snippet(re.sub(r"<[^>]+>", "", lines[lineno - 1]))
    return ""


def _item(var: Any) -> Any:
    if not isinstance(var, Var) or var.kind != "liste":
        return UNKNOWN
    if var.fields:
        return Var(var.key, "objekt", var.doc, var.fields)
    if isinstance(var.item, Var):
        return var.item
    if var.item:
        return Var(var.key, var.item, var.doc)
    return UNKNOWN


class _Checker:
    def __init__(self, source: str, label: str, filters: set[str]) -> None:
        self.source, self.label, self.filters = source, label, filters
        self.issues: list[LintIssue] = []

    def issue(self, message: str, node: Any) -> None:
        text = _line_text(self.source, getattr(node, "lineno", None))
        self.issues.append(LintIssue("feil", message, _where(self.label, text) if text else self.label))

    def member(self, base: Any, attr: str, path: str, node: Any) -> Any:
        if base is LOOP:
            if attr not in _LOOP_ATTRS:
                self.issue(
                    _("«{path}» finnes ikke. loop har {fields}.").format(
                        path=path, fields=", ".join(sorted(_LOOP_ATTRS))
                    ),
                    node,
                )
            return UNKNOWN
        if not isinstance(base, Var):
            return UNKNOWN
        if base.kind == "objekt":
            found = base.field(attr)
            if found is None:
                if attr in _DICT_METHODS:
                    return UNKNOWN
                known = ", ".join(f.key for f in base.fields)
                self.issue(
                    _("Ukjent variabel «{path}». Feltene som finnes her: {known}.").format(path=path, known=known), node
                )
                return UNKNOWN
            return found
        if base.kind == "liste":
            self.issue(
                _(
                    "«{path}»: {base} er en liste; gå gjennom den med for-løkke (f.eks. {loop}) før du bruker feltene."
                ).format(path=path, base=path.rsplit(".", 1)[0], loop="{%tr for t in … %}"),
                node,
            )
            return UNKNOWN
        self.issue(
            _("«{path}»: {base} er {kind} og har ingen felt «{attr}».").format(
                path=path, base=path.rsplit(".", 1)[0], kind=base.kind, attr=attr
            ),
            node,
        )
        return UNKNOWN

    def expr(self, node: Any, scope: dict[str, Any]) -> tuple[Any, str]:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return UNKNOWN, node.name
            if node.name in scope:
                return scope[node.name], node.name
            var = CONTEXT.field(node.name)
            if var is None:
                known = ", ".join(f.key for f in CONTEXT.fields)
                self.issue(
                    _("Ukjent variabel «{name}». Variablene på øverste nivå er: {known}.").format(
                        name=node.name, known=known
                    ),
                    node,
                )
                return UNKNOWN, node.name
            return var, node.name
        if isinstance(node, nodes.Getattr):
            base, path = self.expr(node.node, scope)
            return self.member(base, node.attr, f"{path}.{node.attr}", node), f"{path}.{node.attr}"
        if isinstance(node, nodes.Getitem):
            base, path = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(base, node.arg.value, f"{path}.{node.arg.value}", node), f"{path}.{node.arg.value}"
            self.expr(node.arg, scope)
            return _item(base), f"{path}[]"
        if isinstance(node, nodes.Filter) and node.name not in self.filters:
            from .formatting import FILTERS

            self.issue(
                _(
                    "Ukjent filter «|{name}». Rapportens filtre er {filters} (i tillegg til Jinjas egne, som join og length)."
                ).format(name=node.name, filters=", ".join(FILTERS)),
                node,
            )
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            else:
                self.stmt(child, scope)
        return UNKNOWN, "…"

    def bind(self, target: Any, value: Any, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = value
        else:
            for child in target.find_all(nodes.Name):
                scope[child.name] = UNKNOWN

    def stmt(self, node: Any, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            it, _path = self.expr(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _item(it), inner)
            inner["loop"] = LOOP
            if node.test is not None:
                self.expr(node.test, inner)
            for n in node.body:
                self.stmt(n, inner)
            for n in node.else_:
                self.stmt(n, scope)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            if isinstance(node, nodes.Assign):
                self.expr(node.node, scope)
            else:
                for n in node.body:
                    self.stmt(n, scope)
            self.bind(node.target, UNKNOWN, scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                self.bind(arg, UNKNOWN, inner)
            if isinstance(node, nodes.Macro):
                scope[node.name] = UNKNOWN
            else:
                self.expr(node.call, scope)
            for n in node.body:
                self.stmt(n, inner)
            return
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            else:
                self.stmt(child, scope)


_JINJA_MESSAGES = (
    (
        re.compile(r"Encountered unknown tag '(\w+)'.*", re.DOTALL),
        N_("ukjent tag «{0}» (eller en tag utenfor sin plass)"),
    ),
    (
        re.compile(r"Unexpected end of template.*'(\w+)'\.?$", re.DOTALL),
        N_("malen slutter før blokken «{0}» er lukket"),
    ),
    (re.compile(r"unexpected '(.+?)'", re.DOTALL), N_("uventet «{0}»")),
    (re.compile(r"expected token '(.+?)', got '(.+?)'", re.DOTALL), N_("ventet «{0}», fant «{1}»")),
)


def _jinja_message(message: str) -> str:
    """Jinja's English syntax message, in Norwegian where we know it (else as it is)."""
    for pattern, text in _JINJA_MESSAGES:
        m = pattern.search(message)
        if m:
            return _(text).format(*m.groups())
    return message.rstrip(".")


def check_jinja(tpl: Any, env: Any) -> list[LintIssue]:
    from jinja2 import TemplateSyntaxError

    issues: list[LintIssue] = []
    for label, source in jinja_sources(tpl):
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as e:
            text = _line_text(source, e.lineno)
            issues.append(
                LintIssue(
                    "feil",
                    _("Malen har en feil i en tag: {detail}.").format(detail=_jinja_message(e.message or ""))
                    + " "
                    + _("Sjekk at hver {tag} er lukket ({endings}, …) og at taggen er skrevet riktig.").format(
                        tag="{% … %}", endings="{%p endif %}, {%p endfor %}"
                    ),
                    _where(label, text) if text else label,
                )
            )
            continue
        checker = _Checker(source, label, set(env.filters))
        checker.stmt(ast, {})
        issues += checker.issues
    return issues


def lint_template(data: bytes, name: str = "malen") -> list[LintIssue]:
    """Every problem in a template, errors first; an unreadable file raises ``ReportTemplateError``."""
    from .render import environment

    tpl = open_template(data, name)
    issues = check_runs(tpl) + check_jinja(tpl, environment())
    unique = list(dict.fromkeys(issues))
    return sorted(unique, key=lambda i: i.severity != "feil")


def require_clean(data: bytes, name: str) -> list[LintIssue]:
    """Lint and raise ``ReportTemplateError`` listing the errors; returns the warnings when there are none."""
    issues = lint_template(data, name)
    errors = [i for i in issues if i.severity == "feil"]
    if errors:
        lines = "\n".join(f"  - {i.message}" + (f" ({i.where})" if i.where else "") for i in errors)
        raise ReportTemplateError(_("Malen kan ikke brukes, {n} feil:").format(n=len(errors)) + "\n" + lines, name)
    return issues
