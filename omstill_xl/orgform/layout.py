"""Where everything is on the «Organisasjonsform» sheet, and its formulas. Pure; shared by writer and reader.

Two blocks over the same columns: (1) the facts, criterion × form, locked text; (2) the kommune's weight per
criterion and a score 1–5 per form and criterion, with the computed rows under them (sum of weights,
criteria scored, weighted total, rank) and the best-ranked form.
"""

from __future__ import annotations

from ..i18n import N_
from ..schema import FIELD_VALUE_COL, ORGFORM_SHEET, PROGRAM, col_letter, field_row, quote_sheet
from .criteria import CRITERIA, FORMS

SHEET = ORGFORM_SHEET
N = len(CRITERIA)

COL_NAME = 1  # A: criterion
COL_TEXT = 2  # B: description (facts block, merged B:C) / how to score (score block)
COL_WEIGHT = 3  # C: weight (score block)
FIRST_FORM_COL = 4  # D..I: one column per form
LAST_COL = FIRST_FORM_COL + len(FORMS) - 1

TITLE_ROW = 1
INTRO_ROW = 2
HELP_ROW = 3
FACTS_TITLE_ROW = 5
FACTS_HEADER_ROW = 6
FACTS_FIRST = 7
FACTS_LAST = FACTS_FIRST + N - 1
SOURCE_ROW = FACTS_LAST + 1
SCORE_TITLE_ROW = SOURCE_ROW + 2
SCORE_HEADER_ROW = SCORE_TITLE_ROW + 1
SCORE_FIRST = SCORE_HEADER_ROW + 1
SCORE_LAST = SCORE_FIRST + N - 1
SUM_ROW = SCORE_LAST + 1  # «Sum vekter» in column C
COUNT_ROW = SUM_ROW + 1  # criteria scored per form
TOTAL_ROW = COUNT_ROW + 1  # weighted total per form
RANK_ROW = TOTAL_ROW + 1  # rank per form
BEST_ROW = RANK_ROW + 2  # name of the best-ranked form
CHOSEN_ROW = BEST_ROW + 1  # the form chosen on the Program sheet (full handlingsplan workbooks only)

TITLE = N_("Valg av organisasjonsform")
INTRO = N_(
    "Sammenlikning av de seks organisasjonsformene for omstillingsprogrammet, med kommunens egne vekter "
    "og poeng. Gule celler fyller du ut; grå celler regnes ut."
)
HELP = N_(
    "Slik gjør du det: 1) Les faktaene om hver form i tabell 1. 2) Sett kommunens vekt per kriterium i "
    "kolonne C i tabell 2 (hvor viktig kriteriet er for kommunen; summen skal være 100 %). 3) Gi hver form "
    "1–5 poeng per kriterium (5 = passer kommunen best). Vektet poengsum og rangering regnes ut, og den best "
    "rangerte formen markeres grønt. Gi alle formene poeng på alle kriteriene, ellers teller tomme celler som 0. "
    "Valgt form føres på arket Program. «omstill orgform» lager et avsnitt til saksframlegget i Word."
)
FACTS_TITLE = N_("1. Fakta om organisasjonsformene")
SCORE_TITLE = N_("2. Kommunens vekter og poeng (1–5, der 5 passer kommunen best)")
HEAD_NAME = N_("Kriterium")
HEAD_DESCRIPTION = N_("Beskrivelse")
HEAD_HINT = N_("Slik gir du poeng")
HEAD_WEIGHT = N_("Vekt")
LABEL_SUM = N_("Sum vekter")
LABEL_COUNT_TEXT = N_("Kriterier med poeng (av {n})")  # shown as _(LABEL_COUNT_TEXT).format(n=N)
LABEL_COUNT = LABEL_COUNT_TEXT.format(n=N)
LABEL_TOTAL = N_("Vektet poengsum")
LABEL_RANK = N_("Rangering")
LABEL_BEST = N_("Best rangert")
LABEL_CHOSEN = N_("Valgt på arket Program")

# Defined names, for people and for the Excel button.
NAME_WEIGHTS = "Orgform_Vekter"
NAME_SCORES = "Orgform_Poeng"
NAME_TOTALS = "Orgform_Vektet_sum"
NAME_RANKS = "Orgform_Rangering"

ROUND_DECIMALS = 6  # totals are rounded in the sheet and in Python alike, so ties are ties in both


def form_col(form_index: int) -> int:
    return FIRST_FORM_COL + form_index


def criterion_row(index: int) -> int:
    """Row of criterion ``index`` (0-based) in the score block."""
    return SCORE_FIRST + index


def fact_row(index: int) -> int:
    return FACTS_FIRST + index


def ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def weight_ref(index: int) -> str:
    return ref(criterion_row(index), COL_WEIGHT)


def score_ref(index: int, form_index: int) -> str:
    return ref(criterion_row(index), form_col(form_index))


def absolute_range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    a, b = col_letter(first_col), col_letter(last_col)
    return f"{quote_sheet(SHEET)}!${a}${first_row}:${b}${last_row}"


def formulas(*, with_program: bool = True) -> dict[str, str]:
    """A1 address → formula of every computed cell on the sheet."""
    w = col_letter(COL_WEIGHT)
    weights = f"${w}${SCORE_FIRST}:${w}${SCORE_LAST}"
    first_form, last_form = col_letter(FIRST_FORM_COL), col_letter(LAST_COL)
    out = {ref(SUM_ROW, COL_WEIGHT): f"=SUM({w}{SCORE_FIRST}:{w}{SCORE_LAST})"}
    for i in range(len(FORMS)):
        c = col_letter(form_col(i))
        scores = f"{c}{SCORE_FIRST}:{c}{SCORE_LAST}"
        out[f"{c}{COUNT_ROW}"] = f"=COUNT({scores})"
        out[f"{c}{TOTAL_ROW}"] = f'=IF(COUNT({scores})=0,"",ROUND(SUMPRODUCT({weights},{scores}),{ROUND_DECIMALS}))'
        out[f"{c}{RANK_ROW}"] = (
            f'=IF(ISNUMBER({c}{TOTAL_ROW}),RANK({c}{TOTAL_ROW},${first_form}${TOTAL_ROW}:${last_form}${TOTAL_ROW}),"")'
        )
    headers = f"${first_form}${SCORE_HEADER_ROW}:${last_form}${SCORE_HEADER_ROW}"
    ranks = f"${first_form}${RANK_ROW}:${last_form}${RANK_ROW}"
    out[ref(BEST_ROW, FIRST_FORM_COL)] = f'=IFERROR(INDEX({headers},MATCH(1,{ranks},0)),"")'
    if with_program:
        program = (
            f"{quote_sheet(PROGRAM.name)}!${col_letter(FIELD_VALUE_COL)}${field_row(PROGRAM, 'organisasjonsform')}"
        )
        out[ref(CHOSEN_ROW, FIRST_FORM_COL)] = f'=IF({program}="","",{program})'
    return out


# The sheet's part of the «Veiledning» sheet: (label, kind as in workbook/guide.KIND_TEXT, explanation).
GUIDE_INTRO = N_(
    "Sammenlikning av organisasjonsformene før gjennomføringsfasen: stiftelse, kommunalt foretak (KF), "
    "interkommunalt selskap (IKS), kommunal avdeling, aksjeselskap (AS) og program. Tabell 1 gir fakta om hver "
    "form; i tabell 2 setter kommunen sine vekter og poeng, og arket regner ut vektet poengsum og rangering. "
    "«omstill orgform fil.xlsx --out organisasjonsform.docx» lager et avsnitt til saksframlegget."
)
GUIDE_ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        N_("Fakta om formene"),
        "text",
        N_(
            "Låste celler med fakta om hver form per kriterium (eier, eierinnflytelse, "
            "styrets rolle, innsyn, partnerskap, observatører i styret, juridisk enhet, arbeidsgiveransvar, "
            "regnskapsregler, videreføring og kommunens økonomiske risiko). Tekst merket * er tolket."
        ),
    ),
    (
        HEAD_WEIGHT,
        "percent",
        N_(
            "Kommunens vekt for kriteriet: hvor viktig det er for kommunen. Vektene skal "
            "summere til 100 %. Standardvektene er bare et utgangspunkt."
        ),
    ),
    (
        N_("Poeng (1–5)"),
        "code",
        N_(
            "Hvor godt formen passer kommunen på kriteriet: 1 svært dårlig, 5 svært godt. "
            "Gi alle formene poeng på alle kriteriene; tomme celler teller som 0. Valg: 1, 2, 3, 4, 5."
        ),
    ),
    (LABEL_SUM, "formula", N_("Summen av vektene. Skal være 100 %.")),
    (LABEL_COUNT, "formula", N_("Hvor mange kriterier formen har fått poeng på.")),
    (LABEL_TOTAL, "formula", N_("Summen av vekt × poeng for formen (1–5 når vektene summerer til 100 %).")),
    (LABEL_RANK, "formula", N_("1 er best. Like poengsummer gir lik rangering. Den best rangerte formen blir grønn.")),
    (LABEL_BEST, "formula", N_("Navnet på formen med rangering 1.")),
    (
        LABEL_CHOSEN,
        "formula",
        N_(
            "Organisasjonsformen som er valgt på arket Program. Kontrollen gir en merknad hvis "
            "den ikke er den best rangerte."
        ),
    ),
)


def guide_intro() -> str:
    """``GUIDE_INTRO`` in the current målform (for the Veiledning sheet)."""
    from ..i18n import gettext

    return gettext("orgform", GUIDE_INTRO)


def guide_items() -> tuple[tuple[str, str, str], ...]:
    """``GUIDE_ITEMS`` in the current målform: the labels as the sheet shows them, the explanations translated."""
    from ..i18n import gettext

    def tr(text: str) -> str:
        return gettext("orgform", text)

    labels = {LABEL_COUNT: tr(LABEL_COUNT_TEXT).format(n=N)}
    return tuple((labels.get(label) or tr(label), kind, tr(text)) for label, kind, text in GUIDE_ITEMS)
