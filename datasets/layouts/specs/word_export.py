"""A nämnd's verksamhetsberättelse written in Word and saved as PDF: bordered tables ("Tabellrutnät"),
NBSP and narrow NBSP thousands separators, "Stängt", "Ej aktuellt" and "–" as empty cells, varav rows
and varav columns, Antal columns of counts, an en dash used as a minus ("– 614") beside ranges
("13–16 år", "F–9"), a header line with the document's date and diarienummer."""
from decimal import Decimal as D

from kit.doc import Col, Delta, Inject, Table
from kit.fmt import NBSP, NNBSP, fmt, number

NAME = "word-export"
ORG = "Bildningsnämnden"
KOMMUN = "Ålsta kommun"
META = {
    "title": "Bildningsnämnden – Verksamhetsberättelse 2025",
    "organisation": f"Bildningsnämnden, {KOMMUN}",
    "kind": "verksamhetsberättelse",
    "year": 2025,
    "unit": "tkr",
    "source_style": "Word-dokument sparat som PDF: tabellrutnät, Times-liknande brödtext, sidhuvud med datum och Dnr",
    "features": [
        "page header 'ÅLSTA KOMMUN · Bildningsförvaltningen · 2026-02-10 · Dnr BN 2026/14' (a date and a "
        "diarienummer that are not the report year)",
        "bordered Word tables; numbers right-aligned in one table, left-aligned in another, centred in a third",
        "thousands separated by NBSP (U+00A0) in the economy tables and by narrow NBSP (U+202F) in the count "
        "tables in the HTML; pdftotext prints both as a plain space",
        "en dash and a space as the minus sign ('– 614', '– 2 614') next to en-dash ranges ('13–16 år', 'F–9') "
        "and '–' alone as an empty cell",
        "'varav' rows under their parent (not part of Summa) and 'varav kvinnor' / 'varav män' columns",
        "'Stängt' and 'Ej aktuellt' as cells in a count table",
        "an 'Antal' column of exact counts; goal table with verdict words including 'Ej aktuellt'",
    ],
}

T = fmt(0, group=NBSP, neg="endash")        # "– 2 614" with NBSP groups
C = fmt(0, group=NNBSP, neg="endash")       # counts with narrow NBSP groups
K1 = fmt(1, group=NNBSP)

ERRORS = [
    Inject("W1", "budget", "Ekonomi per verksamhet: Summa Utfall 2025 includes the 'varav skolskjuts' row "
           "(11 914 counted twice): printed 581 531, the verksamheter add up to 569 617",
           {"drift/summa/u": Delta(D("11914"))}),
    Inject("W2", "budget", "Ekonomi per verksamhet: Avvikelse for 'varav skolskjuts' printed '– 641'; budget − "
           "utfall is 11 300 − 11 914 = – 614", {"drift/skolskjuts/avv": D("-641")}),
    Inject("W3", "indicator", "Personal: Antal anställda in Grundskola och fritidshem printed 468; varav kvinnor + "
           "varav män = 372 + 114 = 486 (Totalt no longer adds up either)", {"pers/gr/antal": D("468")}),
    Inject("W4", "narrative", "Fritidsgårdar: the decrease in visits is given as 5 252; the table's Förändring is "
           "– 5 522 (36 168 → 30 646)", {"txt/besok_minskning": "5\u202f252"}),
    Inject("W5", "cross-table", "Page 1 summary: Nettokostnad 2025 and Avvikelse 2025 are both 2 000 off; the "
           "summary adds up, but its Nettokostnad 571 617 is not Summa Utfall 569 617 in the economy table",
           {"res/utfall/y25": Delta(D("2000")), "res/avv/y25": Delta(D("-2000"))}),
    Inject("W6", "goal", "Mål 3 is printed 'Uppfyllt' although its comment says the target was not reached "
           "(andel behöriga till gymnasiet 84,1 % against the target 88 %)",
           {"mal/m3/bed": "Uppfyllt"}),
]

CSS = """
body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 11pt; color: #000; }
h1 { font-family: 'Liberation Sans'; font-size: 20pt; font-weight: normal; color: #1f3864; margin: 0 0 1mm; }
.sub { font-family: 'Liberation Sans'; font-size: 12pt; color: #1f3864; margin-bottom: 6mm; }
h2 { font-family: 'Liberation Sans'; font-size: 13pt; font-weight: normal; color: #2f5496; margin: 6mm 0 2mm; }
h3 { font-family: 'Liberation Sans'; font-size: 11pt; font-weight: bold; color: #1f3864; margin: 4mm 0 1.5mm; }
p { margin: 0 0 3mm; line-height: 1.2; }
.tbl { margin-bottom: 3mm; }
.tbl table { font-size: 10pt; }
.tbl.full table { width: 100%; }
th, td { border: 0.5pt solid #000; padding: 0.6mm 1.6mm; vertical-align: top; }
th { font-weight: bold; text-align: left; }
tr.varav td.label { padding-left: 6mm; font-style: italic; }
tr.sum td, tr.total td { font-weight: bold; }
.ttitle { font-family: 'Liberation Sans'; font-size: 9.5pt; font-weight: bold; margin: 3mm 0 1mm; }
.left td.r { text-align: left; }
.centre td.r { text-align: center; } .centre th { text-align: center; }
.tnote { font-size: 9pt; font-style: italic; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 8pt;"


def boxes(n):
    return {"top-left": "ÅLSTA KOMMUN", "top-center": "Bildningsförvaltningen",
            "top-right": "2026-02-10\nDnr BN 2026/14", "bottom-center": str(n)}


DRIFT = [  # key, label, kind, budget, utfall (nettokostnad, tkr)
    ("forskola", "Förskola", "data", 118400, 117215),
    ("pedomsorg", "varav pedagogisk omsorg", "varav", 4200, 4812),
    ("grundskola", "Grundskola F–9", "data", 246800, 249414),
    ("skolskjuts", "varav skolskjuts", "varav", 11300, 11914),
    ("modersmal", "varav modersmålsundervisning", "varav", 3100, 2988),
    ("sarskola", "Grundsärskola", "data", 14600, 14210),
    ("fritidshem", "Fritidshem", "data", 31200, 30874),
    ("gymnasie", "Gymnasieskola (egen regi och interkommunala ersättningar)", "data", 98500, 101362),
    ("vux", "Vuxenutbildning och SFI", "data", 22400, 21106),
    ("lovskola", "Lovskola", "data", None, 1240),
    ("kulturskola", "Kulturskola", "data", 9800, 9812),
    ("fritidsgardar", "Fritidsgårdar och ungdomsverksamhet (13–25 år)", "data", 8400, 8046),
    ("forvaltning", "Nämnd och förvaltning", "data", 16900, 16338),
]
BESOK = [  # key, fritidsgård, målgrupp, 2024, 2025
    ("ekbacken", "Ekbacken", "13–16 år", 9812, "Stängt"),
    ("centrum", "Ungdomens hus, centrum", "13–25 år", 18450, 19236),
    ("norrgarden", "Norrgården", "10–12 år", "Ej aktuellt", 4118),
    ("sjovik", "Sjövik", "13–16 år", 7906, 7292),
]
ELEVER = [  # key, verksamhet, kind, antal 2024, antal 2025, kostnad per barn/elev 2025 (kr)
    ("forskola", "Förskola, antal barn", "data", 1398, 1412, 83950),
    ("pedomsorg", "varav pedagogisk omsorg", "varav", 41, 38, None),
    ("grundskola", "Grundskola F–9, antal elever", "data", 3240, 3286, 75902),
    ("fristaende", "varav i fristående skola", "varav", 398, 412, None),
    ("sarskola", "Grundsärskola, antal elever", "data", 43, 41, 356100),
    ("fritidshem", "Fritidshem, inskrivna barn", "data", 1522, 1498, 20610),
    ("gymnasie", "Gymnasieelever folkbokförda i Ålsta (16–19 år)", "data", 1011, 1034, 98029),
]
GOALS = [
    ("m1", "Alla barn i förskolan utvecklas och lär sig i en trygg miljö", "Uppfyllt",
     "Andelen vårdnadshavare som upplever att barnet är tryggt är 96 % (mål 95 %)."),
    ("m2", "Fler elever når kunskapskraven i alla ämnen i årskurs 9", "Delvis uppfyllt",
     "Andelen elever som nått kunskapskraven i alla ämnen ökade till 74,5 % (mål 78 %), men skillnaden mellan "
     "skolorna är stor."),
    ("m3", "Fler elever är behöriga till gymnasieskolans yrkesprogram", "Ej uppfyllt",
     "Målet nåddes inte: andelen behöriga är 84,1 % mot målet 88 %. Insatser för ökad närvaro pågår."),
    ("m4", "Fler vuxna går vidare till arbete eller studier efter SFI", "Uppfyllt",
     "62 % av eleverna gick vidare till arbete eller studier inom sex månader (mål 55 %)."),
    ("m5", "Eleverna upplever att de har inflytande över undervisningen", "Ej aktuellt",
     "Elevenkäten genomförs vartannat år och nästa mätning görs våren 2026."),
]


def build(doc):
    v = doc.v
    tk = lambda x: number(x, 0, group=NBSP)  # noqa: E731

    drift = Table("drift", "Ekonomi per verksamhet, tkr", [
        Col("b", "Budget 2025", T), Col("u", "Utfall 2025", T), Col("avv", "Avvikelse", T)],
        label_head="Verksamhet", kind="driftredovisning", unit="tkr", cls="full", label_width="52%",
        conventions={"Avvikelse": "budget − utfall; negative with an en dash '– 614'",
                     "varav": "varav rows are parts of the row above and not in Summa"})
    for key, label, kind, b, u in DRIFT:
        bb = D(b) if b is not None else "–"
        avv = (D(b) - D(u)) if b is not None else -D(u)
        drift.row(key, label, kind=kind, b=bb, u=D(u), avv=avv)
    main = [k for k, _, kind, *_ in DRIFT if kind == "data"]
    s = drift.sum("summa", "Summa", main, kind="total").vals

    res = Table("res", "Ekonomiskt resultat, tkr", [Col("y24", "2024", T, width="28mm"),
                                                    Col("y25", "2025", T, width="28mm")],
                label_head="", kind="ekonomi", unit="tkr", label_width="50mm",
                conventions={"orientation": "rows are items, columns are years", "Avvikelse": "budget − utfall"})
    res.row("budget", "Budget", y24=D(561200), y25=s["b"])
    res.row("utfall", "Nettokostnad", y24=D(563940), y25=s["u"])
    res.row("avv", "Avvikelse", kind="sum", y24=D(561200) - D(563940), y25=s["b"] - s["u"])

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Verksamhetsberättelse 2025")
    p.add(f'<div class="sub">{ORG}</div>')
    p.h(2, "Sammanfattning")
    p.p(f"Bildningsnämnden redovisar ett underskott på {v('txt/underskott', s['u'] - s['b'], tk)} tkr för 2025. "
        f"Underskottet beror på ökade kostnader för gymnasieskolans interkommunala ersättningar och för "
        f"skolskjuts i grundskolan. Förskolan, vuxenutbildningen och nämnd och förvaltning redovisar överskott.")
    p.p("Av nämndens fem mål är två uppfyllda, ett delvis uppfyllt och ett inte uppfyllt. Ett mål har inte "
        "kunnat bedömas eftersom elevenkäten genomförs vartannat år.")
    p.table(res)
    p.p("Nämnden fick under året ett tillskott på 2 500 tkr för lovskola, som inte fanns med i budgeten. "
        "Kostnaden för lovskolan finansierades med statsbidrag.")
    p.h(2, "Viktiga händelser")
    p.p("Fritidsgården Ekbacken stängdes vid årsskiftet 2024/2025 och verksamheten flyttades till Ungdomens "
        "hus i centrum. Norrgården öppnade i januari 2025 med verksamhet för barn 10–12 år. Grundskolans "
        "nya skolskjutsupphandling blev dyrare än beräknat.")

    # ------------------------------------------------------------------ page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "Ekonomi")
    p.p("Tabellen visar nettokostnad per verksamhet. Negativ avvikelse innebär att kostnaden överstiger "
        "budget. Varav-raderna är delar av raden ovanför.")
    p.table(drift)
    g = lambda k: drift.get(k).vals  # noqa: E731
    p.p(f"Grundskolan redovisar ett underskott på {v('txt/grundskola', -g('grundskola')['avv'], tk)} tkr, varav "
        f"skolskjuts {v('txt/skolskjuts', -g('skolskjuts')['avv'], tk)} tkr. Gymnasieskolans underskott, "
        f"{v('txt/gymnasie', -g('gymnasie')['avv'], tk)} tkr, beror på att fler elever valt program i andra "
        f"kommuner. Lovskolan hade ingen budget (–) och kostade {v('txt/lovskola', g('lovskola')['u'], tk)} tkr.")
    p.h(3, "Barn och elever")
    el = Table("elever", "Antal barn och elever 15 oktober", [
        Col("a24", "Antal 2024", C), Col("a25", "Antal 2025", C), Col("kost", "Kostnad per barn/elev 2025, kr", C)],
        label_head="Verksamhet", kind="statistik", cls="full centre", label_width="46%",
        conventions={"Antal": "exact counts", "varav": "varav rows are parts of the row above"})
    for key, label, kind, a24, a25, kost in ELEVER:
        el.row(key, label, kind=kind, a24=D(a24), a25=D(a25), kost=D(kost) if kost else "")
    p.table(el)

    # ------------------------------------------------------------------ page 3
    p = doc.page(boxes=boxes(3))
    p.h(2, "Fritidsgårdar")
    bes = Table("besok", "Besök på fritidsgårdarna", [
        Col("mg", "Målgrupp", align="l"), Col("y24", "Antal besök 2024", C), Col("y25", "Antal besök 2025", C),
        Col("forand", "Förändring", C)], label_head="Fritidsgård", kind="statistik", cls="left",
        label_width="52mm", conventions={"Stängt / Ej aktuellt": "no visits that year; Förändring counts them as 0"})
    for key, name, mg, a, b in BESOK:
        na = D(a) if isinstance(a, int) else a
        nb = D(b) if isinstance(b, int) else b
        change = (nb if isinstance(nb, D) else 0) - (na if isinstance(na, D) else 0)
        bes.row(key, name, mg=mg, y24=na, y25=nb, forand=D(change))
    bs = bes.sum("summa", "Summa", [k for k, *_ in BESOK], kind="total", cols=["y24", "y25", "forand"]).vals
    assert bs["forand"] == bs["y25"] - bs["y24"]
    p.p(f"Antalet besök på fritidsgårdarna minskade med {v('txt/besok_minskning', bs['y24'] - bs['y25'], C)} till "
        f"{v('txt/besok', bs['y25'], C)}, främst eftersom Ekbacken stängdes. Besöken på Ungdomens hus ökade med "
        f"{v('txt/centrum', bes.get('centrum').vals['forand'], C)}. Målgruppen för Ungdomens hus är 13–25 år, "
        f"medan Norrgården vänder sig till barn 10–12 år.")
    p.table(bes)
    p.h(2, "Måluppfyllelse")
    mal = Table("mal", "Nämndens mål 2025", [Col("bed", "Bedömning", align="l", width="30mm"),
                                           Col("kom", "Kommentar", align="l")],
                label_head="Mål", kind="mål", cls="full", label_width="44%")
    for key, title, verdict, kom in GOALS:
        mal.row(key, title, bed=verdict, kom=kom)
        doc.goal(key[1:], title, "nämndmål", verdict, "text", key=f"mal/{key}/bed")
    p.table(mal)

    # ------------------------------------------------------------------ page 4
    p = doc.page(boxes=boxes(4))
    p.h(2, "Personal")
    pers = Table("pers", "Anställda 31 december 2025", [
        Col("antal", "Antal anställda", C), Col("kv", "varav kvinnor", C), Col("man", "varav män", C),
        Col("aa", "Årsarbetare", K1)], label_head="Verksamhet", kind="personal", cls="full", label_width="40%",
        conventions={"varav": "varav kvinnor + varav män = Antal anställda"})
    for key, label, kv, man, aa in (("fs", "Förskola", 296, 16, "289.4"), ("gr", "Grundskola och fritidshem", 372, 114, "451.2"),
                                    ("gy", "Gymnasie- och vuxenutbildning", 45, 29, "68.0"),
                                    ("ov", "Kulturskola, fritidsgårdar och förvaltning", 38, 21, "54.5")):
        pers.row(key, label, antal=D(kv + man), kv=D(kv), man=D(man), aa=D(aa))
    pers.sum("tot", "Totalt", ["fs", "gr", "gy", "ov"], kind="total")
    p.table(pers)
    p.p("Andelen tillsvidareanställda med pedagogisk högskoleexamen ökade i grundskolan till 81 procent. "
        "Sjukfrånvaron uppgick till 6,4 procent (6,9).")
    p.h(2, "Framtid")
    p.p("Elevantalet i grundskolan väntas öka med cirka 1,5 procent per år fram till 2030, medan antalet barn i "
        "förskoleålder minskar. Nämnden ser över förskolans lokaler och planerar att avveckla två paviljonger. "
        "Kostnaderna för gymnasieskolan är en fortsatt risk.")
