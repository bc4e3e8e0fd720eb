"""A nämnd's årsbokslut as Stratsys exports it: a cover with Organisation / Rapportperiod, a running
header and footer with the print date and "Sida n av N", an "Ekonomi (tkr)" summary whose rows are
items and whose columns are years, a driftredovisning with "- 6 279" and ungrouped "-1947", an
investment table in mnkr with multi-line headers and project numbers in parentheses, tables
continued over a page with and without their header, and Verksamhetsmål / Nämndmål with verdicts."""
from decimal import Decimal as D

from kit.doc import Col, Inject, Table, esc
from kit.fmt import fmt, number, row_format

NAME = "stratsys-arsbokslut"
ORG = "Kultur- och fritidsnämnden"
KOMMUN = "Ekeby kommun"
PRINTED = "2026-01-29"
PAGES = 7
META = {
    "title": "Årsbokslut 2025 – Kultur- och fritidsnämnden",
    "organisation": f"{ORG}, {KOMMUN}",
    "kind": "verksamhetsberättelse",
    "kind_printed": "Årsbokslut",
    "year": 2025,
    "period": "Rapportperiod: 2025-12-31",
    "printed": PRINTED,
    "unit": "tkr (investments in mnkr)",
    "source_style": "Stratsys-export (rapportgenerator), löpande sidhuvud och sidfot",
    "features": [
        "cover: 'Organisation: Kultur- och fritidsnämnden', 'Rapportperiod: 2025-12-31', 'Årsbokslut 2025'",
        "running footer 'Utskriftsdatum: 2026-01-29' and 'Sida n av 7' on every page (the print year is not the "
        "report year)",
        "'Ekonomi (tkr)': rows are items (Intäkter, Kostnader, Nettokostnader, Budget, Budgetavvikelse, "
        "Nettoinvesteringar), columns are years (Bokslut 2023, 2024, 2025)",
        "driftredovisning: Budget/Utfall printed '- 6 279' (minus and a space), Avvikelse printed without "
        "thousands groups ('1310', '-1947'); continued on the next page without its header",
        "investment table in mnkr with two-line headers ('Total / projektbudget', 'Utfall / 2025', 'Budget- / "
        "avvikelse'), project numbers in parentheses after the label, a label broken over two lines "
        "('Ny inredning, biblioteket' / '(6014)'); continued on the next page with its header repeated",
        "the same figure twice: Nettoinvesteringar 7 486 tkr (summary) = Summa Utfall 2025 7,5 mnkr; "
        "Budgetavvikelse 2 347 tkr = 'ett överskott mot budget med 2,35 mnkr' in the prose",
        "Verksamhetsmål with Nämndmål under them; verdicts as a coloured square and a word "
        "(Uppfyllt / Delvis uppfyllt / Ej uppfyllt)",
    ],
}

SP = fmt(0, neg="hyphen_space")          # "- 6 279"
RAW = fmt(0, group="", neg="hyphen")      # "-1947", "1310"
M1 = fmt(1)
INT = fmt(0)
VERDICT_COLOUR = {"Uppfyllt": "grön", "Delvis uppfyllt": "gul", "Ej uppfyllt": "röd"}

ERRORS = [
    Inject("S1", "cross-table", "Ekonomi (tkr): Nettoinvesteringar 2025 printed 7 386 tkr; the investment table's "
           "Summa Utfall 2025 is 7,5 mnkr (7 450–7 550 tkr)", {"eko/netinv/y25": D("7386")}),
    Inject("S2", "budget", "Driftredovisning: Avvikelse for Kulturskola printed -1497; utfall − budget is "
           "-18 852 − (-16 905) = -1947", {"drift/kulturskola/avv": D("-1497")}),
    Inject("S3", "budget", "Investeringar: Budgetavvikelse for 'Ny inredning, biblioteket (6014)' (a label on two "
           "lines) printed 0,2; budget − utfall is 2,4 − 1,7 = 0,7", {"inv/p6014/avv": D("0.2")}),
    Inject("S4", "budget", "Ekonomi (tkr): Budgetavvikelse for Bokslut 2024 printed -750; nettokostnader − budget "
           "is -122 220 − (-121 650) = -570", {"eko/avv/y24": D("-750")}),
    Inject("S5", "narrative", "Sammanfattning: 'ett överskott mot budget med 2,53 mnkr'; the Budgetavvikelse is "
           "2 347 tkr (2,35 mnkr)", {"txt/overskott": "2,53"}),
    Inject("S6", "budget", "Driftredovisning, continued on page 3 without its header: Summa Utfall 2025 printed "
           "- 124 144; the rows on pages 2 and 3 add up to - 124 414 (the Ekonomi table's Nettokostnader)",
           {"drift/summa/u": D("-124144")}),
    Inject("S7", "goal", "Nämndmål 1.2 'Biblioteken når fler invånare' printed 'Uppfyllt', but Antal besök på "
           "biblioteken 218 950 missed its målvärde 225 000",
           {"goal/1.2/verdict": "Uppfyllt"}),
]

CSS = """
body { font-family: 'Liberation Sans', sans-serif; font-size: 8.8pt; color: #000; }
.cover { padding-top: 40mm; }
.cover .kommun { font-size: 13pt; font-weight: bold; color: #1f4e79; letter-spacing: 0.5pt; }
.cover h1 { font-size: 30pt; color: #1f4e79; margin: 30mm 0 10mm; font-weight: normal; }
.cover table.meta td { padding: 1mm 6mm 1mm 0; font-size: 10.5pt; }
.toc { margin-top: 25mm; width: 120mm; font-size: 9.5pt; }
.toc td { padding: 0.7mm 0; } .toc td.n { text-align: right; }
h2 { font-size: 13pt; color: #1f4e79; margin: 2mm 0 2mm; }
h3 { font-size: 10.5pt; color: #1f4e79; margin: 4mm 0 1.5mm; }
h4 { font-size: 9pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2mm; line-height: 1.35; }
.tbl table { width: 100%; font-size: 8.2pt; }
th { background: #d9d9d9; border: 0.5pt solid #a6a6a6; padding: 1mm 1.5mm; font-weight: bold; vertical-align: bottom; }
td { border: 0.5pt solid #bfbfbf; padding: 0.8mm 1.5mm; vertical-align: top; }
tr.sum td, tr.total td { font-weight: bold; background: #f2f2f2; }
.ttitle { font-size: 9.5pt; margin: 3mm 0 1mm; }
.goal { border: 0.5pt solid #bfbfbf; padding: 2mm 3mm; margin: 2.5mm 0; }
.goal.vm { background: #f3f7fb; }
.goal .lvl { font-size: 7.5pt; color: #555; text-transform: uppercase; letter-spacing: 0.3pt; }
.goal .title { font-weight: bold; font-size: 9.5pt; margin: 0.5mm 0 1mm; }
.sq { display: inline-block; width: 3mm; height: 3mm; margin-right: 1.5mm; vertical-align: -0.4mm; }
.sq.grön { background: #4caf50; } .sq.gul { background: #f2c230; } .sq.röd { background: #d9372b; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 7pt; color: #404040;"


def boxes(n):
    return {"top-left": "Årsbokslut 2025", "top-right": ORG,
            "bottom-left": f"Utskriftsdatum: {PRINTED}", "bottom-right": f"Sida {n} av {PAGES}"}


DRIFT = [  # key, verksamhet, budget 2025, utfall 2025, utfall 2024 (nettokostnad, tkr)
    ("politik", "Kultur- och fritidsnämnden (politisk verksamhet)", -1452, -1398, -1371),
    ("ledning", "Förvaltningsledning", -6279, -5812, -6044),
    ("bibliotek", "Bibliotek", -24318, -23008, -22870),
    ("kulturskola", "Kulturskola", -16905, -18852, -17410),
    ("kultur", "Allmänkultur och evenemang", -9884, -9517, -9266),
    ("fritidsgardar", "Fritidsgårdar och ungdomsverksamhet", -14260, -13601, -13898),
    ("foreningsbidrag", "Föreningsbidrag", -11750, -11742, -11520),
    ("anlaggningar", "Idrotts- och fritidsanläggningar", -31418, -30322, -29884),
    ("bad", "Ekebybadet", -10495, -10162, -9957),
]
INVEST = [  # key, label (may break), total projektbudget, ack. utfall, budget 2025, utfall 2025 (mnkr)
    ("p6011", "Ombyggnad Kulturskolan (6011)", "12.5", "11.9", "3.0", "2.4"),
    ("p6012", "Konstgräsplan Ekebyvallen (6012)", "8.0", "7.1", "1.2", "0.3"),
    ("p6014", "Ny inredning, biblioteket\n(6014)", "2.4", "1.7", "2.4", "1.7"),
    ("p6015", "Belysning elljusspår Skogsbacken (6015)", "1.8", "0.6", "1.0", "0.6"),
    ("p6016", "Utegym Sjöparken (6016)", "0.9", "0.9", "0.9", "0.9"),
    ("p6017", "Inventarier fritidsgårdar (6017)", "0.5", "0.4", "0.5", "0.4"),
    ("p6018", "Meröppet bibliotek Norrby (6018)", "0.7", "0.1", "0.7", "0.1"),
    ("p6019", "Tillgänglighetsanpassning Ekebybadet (6019)", "3.5", "0.3", "1.5", "0.3"),
    ("p6020", "Konstnärlig gestaltning, enprocentsregeln (6020)", "0.8", "0.2", "0.4", "0.2"),
    ("p6021", "Reinvestering idrottshallar (6021)", "1.2", "0.4", "1.2", "0.4"),
    ("p6022", "Skatepark Norra (6022)", "2.0", "0.1", "1.8", "0.1"),
    ("p6025", "Scenteknik Folkets hus (6025)", "0.6", "0.1", "0.6", "0.1"),
]
EKO = {  # Bokslut 2023, 2024 (2025 comes from the driftredovisning)
    "intakter": (21874, 22906, 24512),
    "budget": (-117100, -121650, None),
    "netinv": (5912, 9804, 7486),
    "netto": (-116535, None, None),
}
GOALS = [
    ("1", "Ekeby erbjuder ett rikt och tillgängligt kultur- och fritidsliv", "Delvis uppfyllt", [
        ("1.1", "Fler barn och unga deltar i kulturskolans verksamhet", "Uppfyllt", [
            ("Antal elever i kulturskolan", 1120, 1186, 1150),
            ("Antal barn i kö till kulturskolan (lägre är bättre)", 210, 164, 180)],
         "Kulturskolan har utökat utbudet med dans och digitalt skapande i Norrby. Kön har minskat och "
         "antalet elever överstiger målvärdet."),
        ("1.2", "Biblioteken når fler invånare", "Delvis uppfyllt", [
            ("Antal besök på biblioteken", 212400, 218950, 225000),
            ("Antal utlån per invånare", D("5.1"), D("5.4"), D("5.3"))],
         "Antalet besök ökade men når inte målvärdet, bland annat för att Norrby bibliotek var stängt under "
         "ombyggnaden i maj–juni. Utlånen per invånare ökade och når målvärdet."),
    ], "Två av nämndmålen under verksamhetsmålet är uppfyllda eller delvis uppfyllda; sammantaget bedöms "
       "verksamhetsmålet som delvis uppfyllt."),
    ("2", "Ekeby är en attraktiv plats för idrott och rörelse", "Uppfyllt", [
        ("2.1", "Anläggningarna används effektivt", "Uppfyllt", [
            ("Beläggningsgrad idrottshallar vardagar kl. 17–22 (%)", 84, 88, 85),
            ("Antal besök på Ekebybadet", 118300, 126450, 120000)],
         "Beläggningen i idrottshallarna har ökat efter den nya bokningsmodellen. Ekebybadet hade fler besök "
         "än någonsin."),
        ("2.2", "Föreningslivet har goda förutsättningar", "Uppfyllt", [
            ("Antal deltagartillfällen med LOK-stöd", 148210, 152880, 150000)],
         "Antalet deltagartillfällen ökade. Föreningsbidragen har betalats ut enligt de nya reglerna."),
    ], "Båda nämndmålen är uppfyllda och verksamhetsmålet bedöms som uppfyllt."),
]


def verdict_html(shown):
    colour = VERDICT_COLOUR.get(shown, "")
    return f'<span class="sq {colour}"></span>{esc(shown)}'


def build(doc):
    v = doc.v
    n2 = lambda x: number(x, 2)  # noqa: E731

    drift = Table("drift", "Driftredovisning per verksamhet (tkr)", [
        Col("b", "Budget 2025", SP), Col("u", "Utfall 2025", SP), Col("avv", "Avvikelse", RAW),
        Col("u24", "Utfall 2024", SP)], label_head="Verksamhet", kind="driftredovisning", unit="tkr",
        label_width="44%", conventions={"Avvikelse": "utfall − budget (nettokostnader negative)",
                                        "format": "Budget/Utfall '- 6 279'; Avvikelse ungrouped '-1947'"})
    for key, name, b, u, u24 in DRIFT:
        drift.row(key, name, b=D(b), u=D(u), avv=D(u) - D(b), u24=D(u24))
    s = drift.sum("summa", "Summa", [k for k, *_ in DRIFT], kind="total").vals

    eko = Table("eko", "Ekonomi (tkr)", [Col("y23", "Bokslut 2023", SP), Col("y24", "Bokslut 2024", SP),
                                         Col("y25", "Bokslut 2025", SP)], label_head="", kind="ekonomi",
                unit="tkr", label_width="40%",
                conventions={"orientation": "rows are items, columns are years",
                             "Budgetavvikelse": "nettokostnader − budget"})
    years = ("y23", "y24", "y25")
    intakter = dict(zip(years, (D(x) for x in EKO["intakter"])))
    netto = {"y23": D(EKO["netto"][0]), "y24": s["u24"], "y25": s["u"]}
    budget = {"y23": D(EKO["budget"][0]), "y24": D(EKO["budget"][1]), "y25": s["b"]}
    kost = {y: netto[y] - intakter[y] for y in years}
    eko.row("intakter", "Intäkter", **intakter)
    eko.row("kostnader", "Kostnader", **kost)
    eko.sum("netto", "Nettokostnader", ["intakter", "kostnader"])
    eko.row("budget", "Budget", **budget)
    eko.row("avv", "Budgetavvikelse", **{y: netto[y] - budget[y] for y in years})
    eko.row("netinv", "Nettoinvesteringar", **dict(zip(years, (D(x) for x in EKO["netinv"]))))
    assert eko.get("avv").vals["y25"] == D(2347)

    inv = Table("inv", "Investeringar per projekt (mnkr)", [
        Col("total", "Total\nprojektbudget", M1), Col("ack", "Ack.\nutfall", M1), Col("b", "Budget\n2025", M1),
        Col("u", "Utfall\n2025", M1), Col("avv", "Budget-\navvikelse", M1)], label_head="Projekt",
        kind="investeringsredovisning", unit="mnkr", label_width="36%",
        conventions={"Budgetavvikelse": "budget 2025 − utfall 2025"})
    for key, label, total, ack, b, u in INVEST:
        inv.row(key, label, total=D(total), ack=D(ack), b=D(b), u=D(u), avv=D(b) - D(u))
    inv.sum("summa", "Summa", [k for k, *_ in INVEST], kind="total")
    isum = inv.get("summa").vals
    # the same figure twice: 7 486 tkr in the summary is 7,5 mnkr in the project table
    assert abs(isum["u"] * 1000 - eko.get("netinv").vals["y25"]) <= 50

    # ------------------------------------------------------------------ page 1: cover
    p = doc.page(boxes=boxes(1), cls="cover")
    p.add(f'<div class="kommun">{KOMMUN.upper()}</div>')
    p.h(1, "Årsbokslut 2025")
    p.add('<table class="meta"><tbody>'
          f'<tr><td>Organisation:</td><td>{ORG}</td></tr>'
          '<tr><td>Rapportperiod:</td><td>2025-12-31</td></tr>'
          '<tr><td>Ansvarig:</td><td>Maria Lindqvist, förvaltningschef</td></tr>'
          '<tr><td>Status:</td><td>Inskickad</td></tr></tbody></table>')
    toc = [("Sammanfattning", 2), ("Ekonomi", 2), ("Driftredovisning", 2), ("Investeringar", 4),
           ("Verksamhetsmål och nämndmål", 5), ("Personal", 7), ("Framtid", 7)]
    p.add('<table class="toc"><tbody><tr><td colspan="2"><b>Innehåll</b></td></tr>' + "".join(
        f'<tr><td>{name}</td><td class="n">{n}</td></tr>' for name, n in toc) + "</tbody></table>")

    # ------------------------------------------------------------------ page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "Sammanfattning")
    avv = eko.get("avv").vals["y25"]
    p.p(f"Kultur- och fritidsnämnden redovisar för 2025 ett överskott mot budget med "
        f"{v('txt/overskott', avv / 1000, n2)} mnkr. Överskottet kommer främst från biblioteken, "
        f"idrotts- och fritidsanläggningarna och förvaltningsledningen, medan kulturskolan redovisar ett "
        f"underskott på {v('txt/kulturskola', -drift.get('kulturskola').vals['avv'] / 1000, n2)} mnkr till följd "
        f"av den utökade verksamheten i Norrby.")
    p.p("Året präglades av ombyggnaden av Kulturskolan och av att Ekebybadet hade rekordmånga besök. Av "
        "nämndens fyra nämndmål bedöms tre som uppfyllda och ett som delvis uppfyllt.")
    p.h(3, "Ekonomi")
    p.table(eko)
    p.p(f"Nettokostnaderna ökade med {v('txt/okning', (s['u24'] - s['u']) / 1000, n2)} mnkr jämfört med 2024. "
        f"Intäkterna ökade genom högre avgifter för Ekebybadet och statsbidrag till kulturskolan.")
    p.h(3, "Driftredovisning")
    p.table(drift, rows=drift.rows[:5])

    # ------------------------------------------------------------------ page 3: continuation without header
    p = doc.page(boxes=boxes(3))
    p.anchor = "Fritidsgårdar och ungdomsverksamhet"
    p.table(drift, rows=drift.rows[5:], header=False, title=False)
    p.h(4, "Analys av driftredovisningen", anchor=False)
    p.p(f"Biblioteken redovisar ett överskott på {v('txt/bibliotek', drift.get('bibliotek').vals['avv'], INT)} tkr "
        f"på grund av vakanser och lägre medieinköp under ombyggnaden. Kulturskolans underskott beror på att "
        f"verksamheten i Norrby startade i januari, medan finansieringen beslutades först till 2026. "
        f"Idrotts- och fritidsanläggningarna redovisar ett överskott på "
        f"{v('txt/anlaggningar', drift.get('anlaggningar').vals['avv'], INT)} tkr, främst genom lägre "
        f"energikostnader.")
    p.p("Föreningsbidragen följer budget. Fritidsgårdarnas överskott förklaras av att Ekbacken hade stängt "
        "under sommaren på grund av en vattenskada.")

    # ------------------------------------------------------------------ page 4: investments
    p = doc.page(boxes=boxes(4))
    p.h(2, "Investeringar")
    p.p(f"Nettoinvesteringarna uppgick till {v('txt/inv', isum['u'], M1)} mnkr av budgeterade "
        f"{v('txt/inv_b', isum['b'], M1)} mnkr. Ombyggnaden av Kulturskolan slutförs under våren 2026. "
        f"Tillgänglighetsanpassningen av Ekebybadet och skateparken i Norra har senarelagts på grund av "
        f"överklagade upphandlingar.")
    p.table(inv, rows=inv.rows[:7])

    # ------------------------------------------------------------------ page 5: continued with header
    p = doc.page(boxes=boxes(5))
    p.anchor = "Tillgänglighetsanpassning Ekebybadet"
    p.table(inv, rows=inv.rows[7:], header=True, title=True, title_text="Investeringar per projekt (mnkr), forts.")
    p.h(4, "Kommentar till investeringarna", anchor=False)
    p.p("Budgetavvikelsen ombudgeteras i huvudsak till 2026. Projekt 6016 Utegym Sjöparken är avslutat och "
        "invigdes i juni.")

    # ------------------------------------------------------------------ pages 5-6: goals
    p.h(2, "Verksamhetsmål och nämndmål", anchor=False)
    p.p("Nämnden följer upp kommunfullmäktiges verksamhetsmål genom nämndmål. Bedömningen görs på en "
        "tregradig skala: Uppfyllt, Delvis uppfyllt och Ej uppfyllt.")

    def goal_box(page, level, gid, title, verdict, cls):
        shown = v(f"goal/{gid}/verdict", verdict, where={"goal": gid, "field": "Bedömning"})
        doc.goal(gid, title, level, verdict, "text+colour", key=f"goal/{gid}/verdict",
                 colour=VERDICT_COLOUR[verdict])
        page.add(f'<div class="goal {cls}"><div class="lvl">{level.capitalize()} {gid}</div>'
                 f'<div class="title">{esc(title)}</div><div><b>Bedömning:</b> {verdict_html(shown)}</div>')

    for i, (gid, title, verdict, children, analys) in enumerate(GOALS):
        if i == 1:
            p = doc.page(boxes=boxes(6))
            p.anchor = "Ekeby är en attraktiv plats för idrott och rörelse"
        goal_box(p, "verksamhetsmål", gid, title, verdict, "vm")
        p.add(f"<p>{esc(analys)}</p></div>")
        for cid, ctitle, cverdict, inds, canalys in children:
            goal_box(p, "nämndmål", cid, ctitle, cverdict, "nm")
            t = Table(f"ind{cid}", f"Indikatorer nämndmål {cid}", [
                Col("u24", "Utfall 2024"), Col("u25", "Utfall 2025"), Col("mal", "Målvärde 2025")],
                label_head="Indikator", kind="indikator", label_width="52%")
            for j, (name, *vals) in enumerate(inds, 1):
                t.row(f"i{j}", name, fmt=row_format(vals), **{c: D(x) for c, x in zip(("u24", "u25", "mal"), vals)})
            p.table(t, title=False)
            p.add(f"<p><b>Analys:</b> {esc(canalys)}</p></div>")

    # ------------------------------------------------------------------ page 7
    p = doc.page(boxes=boxes(7))
    p.h(2, "Personal")
    pers = Table("personal", "Personal", [Col("y24", "2024", INT), Col("y25", "2025", INT)], label_head="",
                 kind="personal", label_width="60%")
    pers.row("anst", "Antal tillsvidareanställda", y24=D(96), y25=D(101))
    pers.row("arsarb", "Antal årsarbetare", fmt=M1, y24=D("88.5"), y25=D("92.0"))
    pers.row("sjuk", "Sjukfrånvaro (%)", fmt=M1, y24=D("5.8"), y25=D("5.1"))
    p.table(pers, title=False)
    p.p("Sjukfrånvaron minskade till 5,1 procent. Kulturskolan har rekryterat fyra nya lärare inför "
        "verksamheten i Norrby.")
    p.h(2, "Framtid")
    p.p("Under 2026 öppnar den ombyggda Kulturskolan. Nämnden ska ta fram ett nytt biblioteksprogram och en "
        "anläggningsplan för idrott och friluftsliv. Budgetramen för 2026 innebär en effektivisering på "
        "1,0 procent, vilket ställer krav på prioriteringar inom föreningsbidragen.")
