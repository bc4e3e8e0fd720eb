"""A goal follow-up whose verdicts are colours: an overview table whose Bedömning cell is a coloured
background with no text, goal headings with coloured circle icons (●), a printed legend, indicator
tables and activities with Status and Färdiggrad (%)."""
from decimal import Decimal as D

from kit.doc import Col, Inject, Swatch, Table, esc
from kit.fmt import fmt, row_format

NAME = "malfoljning-farger"
ORG = "Tekniska nämnden"
KOMMUN = "Forsby kommun"
LEGEND = {"grön": "Målet är uppfyllt", "gul": "Målet är delvis uppfyllt", "röd": "Målet är inte uppfyllt"}
META = {
    "title": "Tekniska nämnden – Måluppföljning 2025",
    "organisation": f"Tekniska nämnden, {KOMMUN}",
    "kind": "verksamhetsberättelse",
    "year": 2025,
    "source_style": "Måluppföljning ur ett målstyrningssystem, färgade bedömningar",
    "legend": LEGEND,
    "legend_printed": "Grön = Målet är uppfyllt, Gul = Målet är delvis uppfyllt, Röd = Målet är inte uppfyllt",
    "features": [
        "overview table whose Bedömning column is a coloured cell with no text (the .txt carries no verdict)",
        "goal headings with a coloured ● icon (the .txt carries the ● without its colour)",
        "the legend printed as a sentence on page 1",
        "indicator tables Utfall 2024 / Utfall 2025 / Målvärde 2025 with '(lägre är bättre)'",
        "activities with Status (text) and Färdiggrad (%)",
    ],
}

ERRORS = [
    Inject("C1", "goal", "Overview: goal 2 is coloured green (Målet är uppfyllt), while its own heading carries "
           "a yellow icon and one of its two indicators missed the target",
           {"overview/g2/bed": Swatch("grön")}, formats=("pdf",),
           note="Only the PDF carries colours; the .txt has no verdict for any goal."),
    Inject("C2", "goal", "Goal 3 is green in the overview and by its icon, but its indicator Andel förnyad "
           "ledningslängd prints Utfall 2025 0,5 against Målvärde 0,8 (and the analysis says 0,9)",
           {"ind3/i2/u25": D("0.5")}, formats=("pdf",),
           note="The missed indicator is in the .txt too, but the green verdict is not."),
    Inject("C3", "completeness", "Overview: goal 5's Bedömning cell has no colour (white): the goal has no "
           "verdict in the overview, although its heading icon is green",
           {"overview/g5/bed": Swatch(None)}, formats=("pdf",)),
    Inject("C4", "goal", "Activities: 'Byte av gatubelysning till LED, etapp 3' has Status Avslutad with "
           "Färdiggrad 60 %",
           {"akt/a3/grad": D("60")}),
    Inject("C5", "narrative", "Page 1 says four of the five goals are met, one partly and one not (4 + 1 + 1 = "
           "6 goals); the colours show three green, one yellow, one red",
           {"txt/antal_uppfyllda": "fyra"}),
    Inject("C6", "completeness", "Activities: 'Ny återvinningscentral, förstudie' is linked to mål 6, which does "
           "not exist (the nämnd has goals 1–5); it belongs to mål 4",
           {"akt/a6/mal": "6"}),
]

CSS = """
body { font-family: 'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif; font-size: 9pt; color: #202020; }
h1 { font-size: 18pt; margin: 0 0 1mm; color: #2d4b2f; }
.sub { font-size: 11pt; color: #555; margin-bottom: 5mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; color: #2d4b2f; }
h3 { font-size: 10.5pt; margin: 5mm 0 1.5mm; }
p { margin: 0 0 2.2mm; line-height: 1.38; }
.legend { border: 0.6pt solid #999; padding: 2mm 3mm; margin: 3mm 0 4mm; font-size: 8.6pt; }
.legend span.sq { display: inline-block; width: 3.2mm; height: 3.2mm; vertical-align: -0.5mm; margin: 0 1mm 0 3mm; }
.tbl table { width: 100%; font-size: 8.4pt; }
th { background: #e4ebe4; border: 0.5pt solid #8a9a8a; padding: 1.2mm 1.5mm; text-align: left; }
td { border: 0.5pt solid #b5c2b5; padding: 1.2mm 1.5mm; vertical-align: top; }
td.swatch { width: 16mm; }
.dot { font-size: 13pt; vertical-align: -0.6mm; margin-right: 1.5mm; }
.dot-grön { color: #4caf50; } .dot-gul { color: #f2c230; } .dot-röd { color: #d9372b; } .dot-none { color: #ffffff; }
.ttitle { font-size: 9pt; margin: 2mm 0 1mm; color: #2d4b2f; }
.analys { font-style: italic; }
"""
BOX_CSS = "font-family: 'DejaVu Sans Condensed'; font-size: 7.5pt; color: #555;"


def boxes(n):
    return {"top-left": f"{KOMMUN}", "top-right": "Måluppföljning 2025", "bottom-center": f"{n}"}


GOALS = [
    ("1", "Gator och cykelvägar är trygga och tillgängliga", "grön", [
        ("Andel gång- och cykelvägar med god standard (%)", 72, 76, 75),
        ("Antal trafikolyckor med personskada på kommunens gator (lägre är bättre)", 18, 14, 16),
    ], "Satsningen på beläggningsunderhåll har gett resultat och andelen gång- och cykelvägar med god "
       "standard överstiger målvärdet. Antalet olyckor med personskada minskade till 14."),
    ("2", "Invånarna är nöjda med parker och grönområden", "gul", [
        ("Nöjdhet med parker och grönområden, index (SCB:s medborgarundersökning)", 64, 66, 68),
        ("Antal lekplatser som rustats upp under året", 3, 4, 4),
    ], "Fyra lekplatser har rustats enligt plan. Nöjdheten med parker ökar men når inte målvärdet; "
       "skötseln av Stadsparken påverkades av den torra sommaren."),
    ("3", "Vatten och avlopp håller hög kvalitet och leveranssäkerhet", "grön", [
        ("Antal dricksvattenprover med anmärkning (lägre är bättre)", 4, 2, 3),
        ("Andel förnyad ledningslängd (%)", D("0.6"), D("0.9"), D("0.8")),
    ], "Dricksvattnet har hållit god kvalitet. Förnyelsetakten för ledningsnätet ökade till 0,9 procent, "
       "främst genom arbetena i Kvarnbacken."),
    ("4", "Avfallet minskar och mer material återvinns", "röd", [
        ("Mängd hushållsavfall per invånare, kg (lägre är bättre)", 412, 418, 395),
        ("Andel matavfall som sorteras ut (%)", 41, 39, 50),
    ], "Mängden hushållsavfall har ökat och utsorteringen av matavfall har minskat. Informationsinsatserna "
       "har inte gett avsedd effekt. Ingen av indikatorerna når sitt målvärde."),
    ("5", "Nämndens verksamhet har en ekonomi i balans", "grön", [
        ("Resultat mot budget, mnkr (lägst)", D("0.8"), D("1.2"), D("0.0")),
    ], "Nämnden redovisar ett överskott mot budget på 1,2 mnkr, främst inom gatuverksamheten."),
]
ACTIVITIES = [  # key, aktivitet, mål, status, färdiggrad, kommentar
    ("a1", "Trafiksäkerhetsåtgärder vid skolor, etapp 2", "1", "Avslutad", 100, "Genomfört vid fyra skolor."),
    ("a2", "Ny cykelväg Forsby–Norrås", "1", "Pågår", 45, "Markförhandlingar klara, byggstart i oktober."),
    ("a3", "Byte av gatubelysning till LED, etapp 3", "1", "Avslutad", 100, "1 240 armaturer bytta."),
    ("a4", "Upprustning av Stadsparkens lekplats", "2", "Avslutad", 100, "Invigd i juni."),
    ("a5", "Förnyelse av VA-ledningar i Kvarnbacken", "3", "Pågår", 70, "Etapp 1 klar, etapp 2 pågår."),
    ("a6", "Ny återvinningscentral, förstudie", "4", "Försenad", 20, "Lokaliseringsfrågan är inte avgjord."),
    ("a7", "Informationskampanj om matavfall", "4", "Avslutad", 100, "Utskick till alla hushåll i april."),
    ("a8", "Digital felanmälan för gata och park", "1", "Ej påbörjad", 0, "Flyttad till 2026."),
]


def dot(swatch):
    return f'<span class="dot dot-{swatch.colour or "none"}">●</span>'


def build(doc):
    v = doc.v
    counts = {c: sum(1 for g in GOALS if g[2] == c) for c in LEGEND}
    words = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem"}

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Måluppföljning 2025")
    p.add(f'<div class="sub">{ORG} · {KOMMUN}</div>')
    p.p("Tekniska nämnden har fem nämndmål för 2025, kopplade till kommunfullmäktiges målområden Hållbar "
        "samhällsutveckling och God ekonomisk hushållning. Varje mål bedöms utifrån indikatorer och "
        "genomförda aktiviteter.")
    p.p(f"Av nämndens fem mål bedöms {v('txt/antal_uppfyllda', words[counts['grön']])} som uppfyllda, "
        f"{words[counts['gul']]} som delvis uppfyllt och {words[counts['röd']]} som inte uppfyllt. Målet om "
        f"avfall når inte sina målvärden, och nämnden föreslår nya insatser inför 2026.")
    p.add('<div class="legend"><b>Teckenförklaring:</b>'
          + "".join(f'<span class="sq sw-{c}"></span>{c.capitalize()} = {esc(t)}'
                    + ("," if i < 2 else "") for i, (c, t) in enumerate(LEGEND.items())) + "</div>")
    ov = Table("overview", "Sammanställning av nämndmål", [
        Col("mal", "Nämndmål", align="l", width="62mm"), Col("bed", "Bedömning", align="c", width="20mm"),
        Col("kom", "Kommentar", align="l")], label_head="Nr", kind="mål", label_width="9mm", title_tag="h2")
    for gid, title, colour, inds, analys in GOALS:
        short = analys.split(". ")[0].rstrip(".") + "."
        ov.row(f"g{gid}", gid, mal=title, bed=Swatch(colour), kom=short)
        doc.goal(gid, title, "nämndmål", colour, "colour", key=f"overview/g{gid}/bed", where="Sammanställning",
                 meaning=LEGEND[colour])
    p.table(ov)

    # ------------------------------------------------------------------ goal pages
    def goal_section(page, gid, title, colour, inds, analys):
        shown = v(f"goal/{gid}/icon", Swatch(colour), where={"goal": gid, "field": "icon"})
        page.anchor = page.anchor or f"{gid}. {title}"
        page.add(f'<h3>{dot(shown)}{gid}. {esc(title)}</h3>')
        doc.goal(gid, title, "nämndmål", colour, "icon", key=f"goal/{gid}/icon", where="rubrik",
                 meaning=LEGEND[colour])
        t = Table(f"ind{gid}", f"Indikatorer mål {gid}", [
            Col("u24", "Utfall 2024"), Col("u25", "Utfall 2025"), Col("mal", "Målvärde 2025")],
            label_head="Indikator", kind="indikator", label_width="58%")
        for i, (name, *vals) in enumerate(inds, 1):
            t.row(f"i{i}", name, fmt=row_format(vals), **{c: D(x) for c, x in zip(("u24", "u25", "mal"), vals)})
        page.table(t, title=False)
        page.p(analys, cls="analys")

    p = doc.page(boxes=boxes(2))
    p.h(2, "Nämndmål och bedömning")
    for g in GOALS[:3]:
        goal_section(p, *g)
    p = doc.page(boxes=boxes(3))
    for g in GOALS[3:]:
        goal_section(p, *g)

    # ------------------------------------------------------------------ activities
    p.h(2, "Aktiviteter")
    p.p("Nämnden planerade åtta aktiviteter för 2025. Färdiggrad anges i procent av planerad insats.")
    akt = Table("akt", "Aktiviteter 2025", [
        Col("mal", "Mål", align="c", width="10mm"), Col("status", "Status", align="l", width="20mm"),
        Col("grad", "Färdiggrad (%)", fmt=fmt(0), align="r", width="18mm"), Col("kom", "Kommentar", align="l")],
        label_head="Aktivitet", kind="aktivitet", label_width="34%")
    for key, name, mal, status, grad, kom in ACTIVITIES:
        akt.row(key, name, mal=mal, status=status, grad=D(grad), kom=kom)
    p.table(akt, title=False)
    p.p("Förstudien om en ny återvinningscentral är försenad eftersom lokaliseringen inte är avgjord. "
        "Digital felanmälan har flyttats till 2026 i samråd med kommunstyrelsens digitaliseringsenhet.")
