"""A tertialrapport whose prose runs in two columns (CSS columns) with full-width tables between
them; the prose quotes the tables' figures, and the goal verdicts are forecasts."""
from decimal import Decimal as D

from kit.doc import Col, Delta, Inject, Table
from kit.fmt import fmt, number, pct, row_format

NAME = "tertial-tva-spalter"
ORG = "Äldrenämnden"
KOMMUN = "Västerlunda kommun"
META = {
    "title": "Äldrenämnden – Tertialrapport 1 2025",
    "organisation": f"Äldrenämnden, {KOMMUN}",
    "kind": "tertialrapport",
    "year": 2025,
    "period": "2025-01-01 – 2025-04-30 (T1)",
    "unit": "mnkr",
    "source_style": "Tertialrapport satt i två spalter (tidningslik), helbreda tabeller mellan spalterna",
    "features": [
        "two-column prose (CSS columns with a rule) on every page; pdftotext -layout prints the columns side by "
        "side, so a line of text holds the ends of two different sentences",
        "full-width tables between the two-column blocks",
        "forecast verdicts in the prose ('Målet bedöms uppfyllas helt / delvis', 'bedöms inte uppfyllas')",
        "budget table Budget 2025 / Utfall jan–apr / Prognos helår / Avvikelse (budget − prognos)",
        "indicator table Utfall T1 2024 / Utfall T1 2025 / Årsmål 2025 with a Mål column",
        "personnel table Kvinnor / Män / Totalt (a rate: the total lies between)",
    ],
}

F = fmt(1)

ERRORS = [
    Inject("T1", "narrative", "Ekonomi (two-column prose): Hemtjänsten's deficit is given as 8,6 mnkr; the table's "
           "Avvikelse is -6,8", {"txt/hemtjanst": "8,6"}),
    Inject("T2", "budget", "Ekonomisk prognos: Avvikelse for Särskilt boende printed -1,2; budget − prognos is "
           "312,8 − 315,0 = -2,2 (Summa's Avvikelse no longer adds up)", {"eko/sabo/avv": D("-1.2")}),
    Inject("T3", "narrative", "Medarbetare (two-column prose): sick leave said to have fallen to 8,9 %; the "
           "personnel table and the indicator table print 9,1", {"txt/sjuk": "8,9"}),
    Inject("T4", "goal", "Mål 4 is forecast 'Målet bedöms uppfyllas helt' while its indicator (sick leave 9,1 "
           "against an årsmål of at most 7,0) is far off and the analysis says the goal will not be reached "
           "this year", {"goal/4/verdict": "Målet bedöms uppfyllas helt"}),
    Inject("T5", "indicator", "Personal: Sjukfrånvaro Totalt printed 10,4, outside the range of kvinnor 9,6 "
           "and män 6,1", {"pers/sjuk/tot": D("10.4")}),
    Inject("T6", "budget", "Ekonomisk prognos: Summa Prognos helår printed 638,2; the rows add up to 641,2, and "
           "budget − prognos (-7,7) would not follow", {"eko/summa/p": Delta(D("-3.0"))}),
]

CSS = """
body { font-family: 'Liberation Serif', serif; font-size: 9.8pt; color: #161616; }
h1 { font-family: 'DejaVu Sans'; font-size: 17pt; margin: 0 0 1mm; color: #6b2c3e; }
.sub { font-family: 'DejaVu Sans'; font-size: 9.5pt; color: #666; margin-bottom: 4mm; }
h2 { font-family: 'DejaVu Sans'; font-size: 11pt; color: #6b2c3e; margin: 0 0 1.5mm; break-after: avoid; }
h3 { font-family: 'DejaVu Sans'; font-size: 9.4pt; margin: 2.5mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2mm; line-height: 1.33; text-align: justify; hyphens: auto; }
.cols { column-count: 2; column-gap: 7mm; column-rule: 0.4pt solid #bbb; margin: 2mm 0 3mm; }
.tbl { margin: 2mm 0 4mm; }
.tbl table { width: 100%; font-family: 'DejaVu Sans'; font-size: 7.8pt; }
th { border-top: 1pt solid #6b2c3e; border-bottom: 0.5pt solid #6b2c3e; padding: 1.2mm 1.4mm; font-weight: bold; }
td { border-bottom: 0.3pt solid #ddd; padding: 0.9mm 1.4mm; }
tr.sum td, tr.total td { font-weight: bold; border-top: 0.6pt solid #6b2c3e; border-bottom: 1pt solid #6b2c3e; }
.ttitle { font-family: 'DejaVu Sans'; font-size: 8.6pt; margin: 0 0 1mm; color: #6b2c3e; }
.verdict { font-style: italic; }
"""
BOX_CSS = "font-family: 'DejaVu Sans'; font-size: 7pt; color: #777;"


def boxes(n):
    return {"bottom-left": f"{KOMMUN} · {ORG} · Tertialrapport 1 2025", "bottom-right": str(n)}


BUDGET = [  # key, verksamhet, budget 2025, utfall jan–apr, prognos helår
    ("gemensamt", "Nämnd och förvaltningsgemensamt", "24.6", "7.9", "24.1"),
    ("hemtjanst", "Hemtjänst", "186.4", "66.8", "193.2"),
    ("sabo", "Särskilt boende", "312.8", "104.1", "315.0"),
    ("hsr", "Hemsjukvård och rehabilitering", "78.5", "25.6", "77.9"),
    ("dag", "Dagverksamhet och anhörigstöd", "12.3", "3.8", "11.6"),
    ("bistand", "Biståndshandläggning", "18.9", "6.4", "19.4"),
]
GOALS = [
    ("1", "Äldre som bor hemma känner sig trygga", "Målet bedöms uppfyllas helt",
     ("Andel hemtjänsttagare som känner sig trygga (%)", 84, 86, 85),
     "Andelen som känner sig trygga med hemtjänsten är redan över årsmålet. Nattpatrullen har förstärkts och "
     "trygghetslarmen har bytts till digitala larm."),
    ("2", "Kontinuiteten i hemtjänsten ska öka", "Målet bedöms uppfyllas delvis",
     ("Antal olika personal under 14 dagar (lägre är bättre)", 16, 15, 12),
     "Antalet personal som en brukare möter har minskat något, men årsmålet bedöms inte nås fullt ut. "
     "Införandet av mindre arbetslag i hemtjänstområde Norr fortsätter under hösten."),
    ("3", "Fler äldre får en meningsfull vardag på särskilt boende", "Målet bedöms uppfyllas helt",
     ("Andel brukare i särskilt boende med aktuell genomförandeplan (%)", 91, 95, 95),
     "Samtliga boenden arbetar med individuella genomförandeplaner och aktivitetsombud finns på varje enhet."),
    ("4", "Äldrenämnden är en attraktiv arbetsgivare", "Målet bedöms inte uppfyllas",
     ("Sjukfrånvaro, % (lägre är bättre)", D("9.8"), D("9.1"), D("7.0")),
     "Sjukfrånvaron har minskat men ligger långt över årsmålet. Målet kommer inte att nås under året, och "
     "förvaltningen förstärker det förebyggande arbetsmiljöarbetet med stöd av företagshälsovården."),
]


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    eko = Table("eko", "Ekonomisk prognos per verksamhet, mnkr", [
        Col("b", "Budget 2025", F), Col("u", "Utfall jan–apr", F), Col("p", "Prognos helår", F),
        Col("avv", "Avvikelse", F)], label_head="Verksamhet", kind="driftredovisning", unit="mnkr",
        label_width="40%", conventions={"Avvikelse": "budget − prognos"})
    for key, name, b, u, p_ in BUDGET:
        eko.row(key, name, b=D(b), u=D(u), p=D(p_), avv=D(b) - D(p_))
    s = eko.sum("summa", "Summa", [k for k, *_ in BUDGET], kind="total").vals
    g = lambda k: eko.get(k).vals  # noqa: E731

    ind = Table("ind", "Indikatorer per mål", [
        Col("mal", "Mål", align="c"), Col("t124", "Utfall T1 2024"), Col("t125", "Utfall T1 2025"),
        Col("arsmal", "Årsmål 2025")], label_head="Indikator", kind="indikator", label_width="50%")
    for gid, _, _, (name, a, b, c), _ in GOALS:
        ind.row(f"g{gid}", name, fmt=row_format((a, b, c)), mal=gid, t124=D(a), t125=D(b), arsmal=D(c))

    pers = Table("pers", "Personal och sjukfrånvaro", [
        Col("kv", "Kvinnor"), Col("man", "Män"), Col("tot", "Totalt")], label_head="", kind="personal",
        label_width="46%")
    pers.row("sjuk", "Sjukfrånvaro jan–apr, %", fmt=F, kv=D("9.6"), man=D("6.1"), tot=D("9.1"))
    pers.row("lang", "varav långtidssjukfrånvaro (60 dagar eller mer), %", kind="varav", fmt=F,
             kv=D("4.1"), man=D("2.3"), tot=D("3.8"))
    pers.row("tillsv", "Antal tillsvidareanställda", fmt=fmt(0), kv=D(842), man=D(148), tot=D(990))
    pers.row("tim", "Timavlönade, omräknat till årsarbetare", fmt=F, kv=D("54.3"), man=D("12.8"), tot=D("67.1"))

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Tertialrapport 1 2025")
    p.add(f'<div class="sub">{ORG} · {KOMMUN} · Perioden januari–april</div>')
    p.add('<div class="cols">'
          '<h2>Sammanfattning</h2>'
          f'<p>Äldrenämnden prognostiserar ett underskott på {v("txt/underskott", -s["avv"], n1)} mnkr för helåret. '
          f'Underskottet beror främst på att behovet av hemtjänst fortsätter att öka, samtidigt som beläggningen '
          f'på särskilt boende är fortsatt hög. Nämnden har beslutat om åtgärder för att dämpa kostnadsökningen.</p>'
          '<p>Av nämndens fyra mål bedöms två uppfyllas helt, ett delvis och ett bedöms inte uppfyllas. '
          'Brukarnas trygghet i hemtjänsten har ökat, medan sjukfrånvaron bland medarbetarna fortfarande är '
          'för hög.</p>'
          '<h2>Ekonomi</h2>'
          f'<p>Utfallet för januari–april uppgår till {v("txt/utfall", s["u"], n1)} mnkr, vilket motsvarar '
          f'{v("txt/utfall_pct", pct(s["u"], s["b"]), n1)} procent av årsbudgeten. Riktvärdet efter fyra månader '
          f'är 33,3 procent. Hemtjänsten prognostiserar ett underskott på '
          f'{v("txt/hemtjanst", -g("hemtjanst")["avv"], n1)} mnkr. Antalet beviljade timmar har ökat med 7 procent '
          f'jämfört med samma period förra året.</p>'
          f'<p>Särskilt boende prognostiserar ett underskott på {v("txt/sabo", -g("sabo")["avv"], n1)} mnkr till '
          f'följd av köpta platser under ombyggnaden av Lindgården. Hemsjukvård och rehabilitering samt '
          f'dagverksamheten visar mindre överskott.</p>'
          '</div>')
    p.table(eko)
    p.add('<div class="cols">'
          '<h3>Åtgärder för en budget i balans</h3>'
          '<p>Förvaltningen ser över schemaläggningen i hemtjänsten för att minska andelen tid utan brukarkontakt. '
          'Ett nytt planeringssystem tas i bruk i juni. Köpta platser ska avvecklas när Lindgården öppnar igen i '
          'september.</p>'
          '<p>Nämnden har också begärt att kommunstyrelsen ska pröva en utökad ram för hemtjänsten med hänvisning '
          'till den demografiska utvecklingen; antalet invånare över 80 år ökar med drygt 5 procent per år.</p>'
          '</div>')

    # ------------------------------------------------------------------ page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "Mål och måluppfyllelse")
    blocks = []
    for gid, title, verdict, _, analys in GOALS:
        shown = v(f"goal/{gid}/verdict", verdict, where={"goal": gid, "field": "prognos"})
        doc.goal(gid, title, "nämndmål", verdict, "text", key=f"goal/{gid}/verdict")
        blocks.append(f'<h3>Mål {gid}. {title}</h3><p class="verdict">{shown}</p><p>{analys}</p>')
    p.add('<div class="cols">' + "".join(blocks[:2]) + "</div>")
    p.table(ind)
    p.add('<div class="cols">' + "".join(blocks[2:]) + "</div>")

    # ------------------------------------------------------------------ page 3
    p = doc.page(boxes=boxes(3))
    p.h(2, "Medarbetare")
    sj = pers.get("sjuk").vals
    p.add('<div class="cols">'
          f'<p>Sjukfrånvaron för perioden januari–april har minskat från '
          f'{v("txt/sjuk24", D("9.8"), n1)} procent till {v("txt/sjuk", sj["tot"], n1)} procent jämfört med '
          f'samma period 2024. Kvinnornas sjukfrånvaro, {v("txt/sjuk_kv", sj["kv"], n1)} procent, är betydligt '
          f'högre än männens. Långtidssjukfrånvaron står för mer än en tredjedel av den totala sjukfrånvaron.</p>'
          '<p>Förvaltningen arbetar med tidiga samtal vid upprepad korttidsfrånvaro och har infört friskvårdstimme '
          'för medarbetare i hemtjänsten. Rekryteringen av undersköterskor är fortsatt svår, särskilt till '
          'nattpatrullen och till boendena i ytterområdena.</p>'
          '</div>')
    p.table(pers)
    p.add('<div class="cols">'
          '<h3>Kompetensförsörjning</h3>'
          f'<p>Antalet tillsvidareanställda är {v("txt/tillsv", pers.get("tillsv").vals["tot"], fmt(0))}, varav '
          f'{v("txt/tillsv_kv", pers.get("tillsv").vals["kv"], fmt(0))} kvinnor. Inom äldreomsorgslyftet studerar 38 '
          'medarbetare till undersköterska på betald arbetstid. Nämnden ser ett behov av att utveckla '
          'karriärvägar för specialistundersköterskor.</p>'
          '<h3>Framåtblick</h3>'
          '<p>Till tertialrapport 2 kommer nämnden att redovisa effekterna av åtgärdsplanen för hemtjänsten och '
          'en reviderad prognos för köpta platser. Ombyggnaden av Lindgården följer tidplanen.</p>'
          '</div>')
