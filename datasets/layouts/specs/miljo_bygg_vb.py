"""A small nämnd's verksamhetsberättelse written in Word (Calibri, numbered headings, "Tabell N."
captions above the tables): a driftredovisning with last year's Utfall as its last column, an
Intäkter/Kostnader summary whose costs are split into Personalkostnader and Övriga kostnader (no
"Kostnader" row), investments with Budget / Utfall / Kvar, goals as "Mål N. …" headings with
"Måluppfyllelse: Uppnått" on a line of its own, indicator tables Indikator / Utfall 2024 / Utfall
2025 / Målvärde 2025 whose lower-is-better indicators do not say so, and a Personal table of
Kvinnor / Män / Totalt that belongs to no goal."""
from decimal import Decimal as D

from kit.doc import Col, Delta, Inject, Table, esc
from kit.fmt import fmt, pct, row_format

NAME = "miljo-bygg-vb"
ORG = "Miljö- och byggnadsnämnden"
KOMMUN = "Tallbacka kommun"
META = {
    "title": "Miljö- och byggnadsnämnden – Verksamhetsberättelse 2025",
    "organisation": f"{ORG}, {KOMMUN}",
    "kind": "verksamhetsberättelse",
    "year": 2025,
    "unit": "tkr",
    "source_style": "Word-dokument sparat som PDF: Calibri, numrerade rubriker, tabellrubriker 'Tabell N.' ovanför",
    "features": [
        "numbered headings ('1. Ekonomisk sammanfattning') and 'Tabell N. …, tkr' captions above the tables",
        "driftredovisning Budget 2025 / Utfall 2025 / Avvikelse 2025 / Utfall 2024, headers on two lines, "
        "Avvikelse = utfall − budget of negative net costs (a surplus is positive)",
        "an Intäkter / Personalkostnader / Övriga kostnader / Nettokostnad summary: no 'Kostnader' row",
        "investments Projekt / Budget / Utfall / Kvar (Kvar = budget − utfall), a project over budget with Kvar -12",
        "goals as 'Mål N. …' headings, the verdict 'Måluppfyllelse: Uppnått / Delvis uppnått / Ej uppnått' on "
        "its own line, an analysis paragraph after the indicator table",
        "indicator tables Indikator / Utfall 2024 / Utfall 2025 / Målvärde 2025, the unit after a comma in the "
        "name ('…, veckor', '…, %'); a handläggningstid (lower is better) that does not say so",
        "a Personal table Kvinnor / Män / Totalt after the last goal, belonging to no goal",
    ],
}

T = fmt(0)          # "-4 850", "1 200"
M1 = fmt(1)         # "1,2" (mnkr in prose)

ERRORS = [
    Inject("M1", "goal", "Mål 2 is printed 'Uppnått' although its only indicator, Andel planerade kontroller som "
           "genomförts, reached 86 % against the target 95 % and its analysis says it does not reach the target",
           {"goal/2/verdict": "Uppnått"}),
    Inject("M2", "budget", "Tabell 1: Avvikelse for Bygglov och tillsyn printed 765; utfall − budget is "
           "−5 544 − (−6 300) = 756", {"drift/bygglov/avv": D("765")}),
    Inject("M3", "budget", "Tabell 1: Summa nettokostnad Utfall 2025 printed −22 900; the verksamheter add up to "
           "−22 800 (and Avvikelse 1 200 no longer follows from it)", {"drift/summa/u25": Delta(D("-100"))}),
    Inject("M4", "narrative", "Page 1 says the surplus against budget is 1,4 mnkr; Tabell 1's Summa Avvikelse is "
           "1 200 tkr", {"txt/overskott": "1,4"}),
    Inject("M5", "budget", "Tabell 3: Kvar for Verksamhetssystem bygglov printed 650; budget − utfall is "
           "1 200 − 640 = 560 (the Totalt Kvar 560 still adds up the printed rows' right values)",
           {"inv/system/kvar": D("650")}),
    Inject("M6", "indicator", "Personal: Totalt antal tillsvidareanställda printed 46; Kvinnor + Män = 31 + 14 = 45",
           {"pers/antal/tot": D("46")}),
    Inject("M7", "narrative", "Page 1 says the net cost rose 2,1 procent from 2024; Tabell 1 gives 22 744 → 22 800 "
           "tkr, 0,2 procent", {"txt/okning": "2,1"}),
    Inject("M8", "cross-table", "Tabell 2: Personalkostnader and Nettokostnad are 1 000 tkr more negative in "
           "Utfall 2025 and in Avvikelse; Tabell 2 adds up, but its Nettokostnad −23 800 is not Tabell 1's Summa "
           "nettokostnad −22 800 (nor its Avvikelse 200 the Summa's 1 200)",
           {"ik/personal/u25": Delta(D("-1000")), "ik/netto/u25": Delta(D("-1000")),
            "ik/personal/avv": Delta(D("-1000")), "ik/netto/avv": Delta(D("-1000"))}),
]

CSS = """
body { font-family: 'Carlito', 'Calibri', 'Liberation Sans', sans-serif; font-size: 10.5pt; color: #000; }
h1 { font-size: 22pt; font-weight: normal; color: #1f4e79; margin: 0 0 2mm; }
.sub { font-size: 12pt; color: #1f4e79; margin-bottom: 8mm; line-height: 1.4; }
h2 { font-size: 14pt; font-weight: normal; color: #1f4e79; margin: 7mm 0 2mm; }
h3 { font-size: 11.5pt; font-weight: bold; color: #1f4e79; margin: 5mm 0 1mm; }
p { margin: 0 0 2.5mm; line-height: 1.25; }
p.verdict { margin: 0 0 1.5mm; }
.tbl { margin-bottom: 3mm; }
.tbl table { width: 100%; font-size: 9.5pt; }
th { background: #dde6f0; border-bottom: 0.75pt solid #1f4e79; padding: 0.8mm 1.5mm; text-align: right;
     vertical-align: bottom; font-weight: bold; }
th.l { text-align: left; }
td { border-bottom: 0.4pt solid #a6a6a6; padding: 0.8mm 1.5mm; }
tr.sum td, tr.total td { font-weight: bold; border-top: 0.75pt solid #000; }
.ttitle { font-size: 9pt; font-style: italic; font-weight: normal; color: #404040; margin: 3mm 0 1mm; }
"""
BOX_CSS = "font-family: 'Carlito', 'Liberation Sans'; font-size: 8pt; color: #595959;"


def boxes(n):
    return {"top-right": f"{KOMMUN} · {ORG}", "bottom-right": f"Sida {n}"}


DRIFT = [  # key, verksamhet, budget 2025, utfall 2025, utfall 2024 (nettokostnad, tkr, negative)
    ("ledning", "Nämnd och förvaltningsledning", -4850, -4712, -4590),
    ("bygglov", "Bygglov och tillsyn", -6300, -5544, -5870),
    ("miljo", "Miljö- och hälsoskydd", -7120, -6950, -6760),
    ("livsmedel", "Livsmedelskontroll", -2430, -2395, -2300),
    ("kartmat", "Kart och mät", -3300, -3199, -3224),
]
INVEST = [  # key, projekt, budget, utfall
    ("gnss", "Mätinstrument GNSS", 450, 438),
    ("system", "Verksamhetssystem bygglov", 1200, 640),
    ("elbil", "Fordon (elbil)", 380, 392),
]
GOALS = [  # id, title, verdict, indicators (name, 2024, 2025, målvärde), analysis
    ("1", "Handläggningen av bygglov ska vara snabb och rättssäker", "Uppnått", [
        ("Genomsnittlig handläggningstid bygglov, veckor", D("5.8"), D("4.9"), D("5.0")),
        ("Andel överklagade beslut som står sig, %", 88, 91, 90),
    ], "Handläggningstiden har kortats till 4,9 veckor efter att e-tjänsten för bygglov infördes, och nio av "
       "tio överklagade beslut står sig."),
    ("2", "Livsmedelskontrollen ska ske enligt plan", "Ej uppnått", [
        ("Andel planerade kontroller som genomförts, %", 84, 86, 95),
    ], "Andelen genomförda kontroller ökade till 86 procent men når inte målvärdet på grund av vakanser."),
    ("3", "Kunderna ska vara nöjda med nämndens service", "Delvis uppnått", [
        ("NKI bygglov (SKR Insikt)", 68, 71, 70),
        ("NKI miljö- och hälsoskydd (SKR Insikt)", 74, 73, 75),
    ], "Nöjdheten med bygglovshandläggningen når målvärdet, medan miljö- och hälsoskyddet ligger strax under."),
]
PERSONAL = [  # key, rad, kvinnor, män, totalt (None: the sum), format
    ("antal", "Antal tillsvidareanställda", D(31), D(14), None, fmt(0)),
    ("sjuk", "Sjukfrånvaro, %", D("5.9"), D("3.1"), D("5.0"), fmt(1)),
]


def build(doc):
    v = doc.v

    drift = Table("drift", "Tabell 1. Driftredovisning per verksamhet, tkr", [
        Col("b25", "Budget\n2025", T), Col("u25", "Utfall\n2025", T), Col("avv", "Avvikelse\n2025", T),
        Col("u24", "Utfall\n2024", T)], label_head="Verksamhet", kind="driftredovisning", unit="tkr",
        label_width="44%", conventions={"Avvikelse": "utfall − budget of negative net costs: a surplus is positive"})
    for key, label, b, u, u24 in DRIFT:
        drift.row(key, label, b25=D(b), u25=D(u), avv=D(u) - D(b), u24=D(u24))
    s = drift.sum("summa", "Summa nettokostnad", [k for k, *_ in DRIFT], kind="total").vals

    intakter = D(9500), D(10300)
    ovriga = D(-8400), D(-8400)
    personal = (s["b25"] - intakter[0] - ovriga[0], s["u25"] - intakter[1] - ovriga[1])
    ik = Table("ik", "Tabell 2. Intäkter och kostnader, tkr", [
        Col("b25", "Budget 2025", T), Col("u25", "Utfall 2025", T), Col("avv", "Avvikelse", T)],
        label_head="", kind="ekonomi", unit="tkr", label_width="44%",
        conventions={"Avvikelse": "utfall − budget", "rows": "Nettokostnad = Intäkter + Personalkostnader + "
                     "Övriga kostnader; no Kostnader row"})
    for key, label, (b, u) in (("intakter", "Intäkter", intakter), ("personal", "Personalkostnader", personal),
                               ("ovriga", "Övriga kostnader", ovriga)):
        ik.row(key, label, b25=b, u25=u, avv=u - b)
    ik.sum("netto", "Nettokostnad", ["intakter", "personal", "ovriga"], kind="total")

    inv = Table("inv", "Tabell 3. Investeringar, tkr", [
        Col("b", "Budget", T), Col("u", "Utfall", T), Col("kvar", "Kvar", T)],
        label_head="Projekt", kind="investeringar", unit="tkr", label_width="44%",
        conventions={"Kvar": "budget − utfall"})
    for key, label, b, u in INVEST:
        inv.row(key, label, b=D(b), u=D(u), kvar=D(b) - D(u))
    si = inv.sum("tot", "Totalt", [k for k, *_ in INVEST], kind="total").vals

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Verksamhetsberättelse 2025")
    p.add(f'<div class="sub">{ORG}<br>{KOMMUN}<br>Diarienummer MBN 2026/31</div>')
    p.h(2, "1. Ekonomisk sammanfattning")
    change = pct(s["u25"] - s["u24"], s["u24"])  # both negative: a larger net cost is a positive change
    p.p(f"Nämnden redovisar ett överskott på {v('txt/overskott', s['avv'] / 1000, M1)} mnkr jämfört med budget. "
        f"Intäkterna från bygglov blev {v('txt/intakter', (intakter[1] - intakter[0]) / 1000, M1)} mnkr högre än "
        f"budgeterat medan personalkostnaderna blev "
        f"{v('txt/personal', (personal[1] - personal[0]) / 1000, M1)} mnkr lägre till följd av vakanser. "
        f"Nettokostnaden ökade med {v('txt/okning', change, M1)} procent jämfört med 2024.")
    p.table(drift)
    p.table(ik)

    # ------------------------------------------------------------------ page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "2. Investeringar")
    p.table(inv)
    p.p(f"Av investeringsbudgeten på {v('txt/invbudget', si['b'] / 1000, M1)} mnkr har "
        f"{v('txt/invutfall', si['u'] / 1000, M1)} mnkr förbrukats. Verksamhetssystemet för bygglov försenades och "
        f"resterande {v('txt/invkvar', inv.get('system').vals['kvar'], T)} tkr föreslås överföras till 2026.")
    p.h(2, "3. Måluppfyllelse")
    p.p("Nämnden har tre mål för 2025. Målen bedöms som uppnådda, delvis uppnådda eller ej uppnådda utifrån "
        "indikatorerna och verksamhetens analys.")
    for gid, title, verdict, inds, analysis in GOALS:
        if gid == "3":
            p = doc.page(boxes=boxes(3))
        p.h(3, f"Mål {gid}. {esc(title)}")
        shown = v(f"goal/{gid}/verdict", verdict, where={"goal": gid, "field": "verdict"})
        p.add(f'<p class="verdict">Måluppfyllelse: {esc(shown)}</p>')
        doc.goal(gid, title, "nämndmål", verdict, "text", key=f"goal/{gid}/verdict")
        t = Table(f"ind{gid}", f"Indikatorer mål {gid}", [
            Col("u24", "Utfall 2024"), Col("u25", "Utfall 2025"), Col("mal", "Målvärde 2025")],
            label_head="Indikator", kind="indikator", label_width="52%")
        for i, (name, *vals) in enumerate(inds, 1):
            t.row(f"i{i}", name, fmt=row_format(vals), **{c: D(x) for c, x in zip(("u24", "u25", "mal"), vals)})
        p.table(t, title=False)
        p.p(analysis)

    # ------------------------------------------------------------------ page 3: personal
    p.h(2, "4. Personal")
    pers = Table("pers", "Personal 31 december 2025", [
        Col("kv", "Kvinnor"), Col("man", "Män"), Col("tot", "Totalt")],
        label_head="", kind="personal", label_width="52%",
        conventions={"Totalt": "Kvinnor + Män for counts; between them for rates"})
    for key, label, kv, man, tot, f in PERSONAL:
        pers.row(key, label, fmt=f, kv=kv, man=man, tot=kv + man if tot is None else tot)
    p.table(pers, title=False)
    p.p("Sjukfrånvaron minskade från 5,6 procent 2024 till 5,0 procent 2025. Två tjänster som miljöinspektör "
        "har varit vakanta under större delen av året.")
