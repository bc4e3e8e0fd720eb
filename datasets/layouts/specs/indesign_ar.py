"""An InDesign-style annual report section: a three-column chapter opener, a key-figure box, a long
investment table with section rows, subtotals per nämnd, subtotals per kind of financing and a
grand total, a "Förbrukat %" column, page footers falling inside the table where it runs over a
page, and a multi-year project table whose header spans three columns."""
from decimal import Decimal as D

from kit.doc import HC, Col, Delta, Inject, Table
from kit.fmt import fmt, number, pct

NAME = "indesign-ar"
KOMMUN = "Vänersnäs kommun"
FIRST_PAGE = 48
META = {
    "title": "Vänersnäs kommun – Årsredovisning 2025, Investeringar",
    "organisation": KOMMUN,
    "kind": "årsredovisning",
    "year": 2025,
    "unit": "mnkr",
    "source_style": "Årsredovisning formgiven i InDesign: tre spalter, zebrarandiga tabeller, uppslag med "
                    "sidnummer i yttermarginalen",
    "features": [
        "three-column prose on the opening page (pdftotext -layout prints three sentences side by side)",
        "printed page numbers 48–51 on the outer edge (left on even pages, right on odd) beside the "
        "report name; physical pages 1–4",
        "key-figure box with years as columns and varav rows (skattefinansierat + taxefinansierat = total)",
        "long investment table: section rows (Skattefinansierad verksamhet / nämnd names), Summa per nämnd, "
        "Summa per kind of financing, Totalt; a 'Förbrukat %' column (utfall / budget, whole per cent)",
        "the long table runs over a page: the page footer falls between its rows in the text, and the "
        "header is repeated on the next page",
        "multi-year project table: 'Utgifter sedan projektets start' over three columns (t.o.m. 2024, 2025, "
        "Totalt), Avvikelse = total budget − prognos",
        "zebra rows, no vertical rules, centred headers, right-aligned numbers, condensed table font",
    ],
}

F = fmt(1, neg="minus")
PCT = fmt(0)

ERRORS = [
    Inject("I1", "budget", "Investeringsredovisning: Förbrukat % for Ombyggnad förskolan Solrosen printed 97; "
           "26,1 / 24,5 = 107 %", {"inv/solrosen/pct": D("97")}),
    Inject("I2", "budget", "Investeringsredovisning: Summa Samhällsbyggnadsnämnden, Utfall 2025 printed 39,6; its "
           "five projects add up to 36,9", {"inv/s_sbn/u": D("39.6")}),
    Inject("I3", "budget", "Investeringsredovisning: Totalt investeringar, Budget 2025 printed 326,5; Summa "
           "skattefinansierad 228,0 + Summa taxefinansierad 108,5 = 336,5",
           {"inv/total/b": D("326.5")}),
    Inject("I4", "cross-table", "Större investeringsprojekt: Ny sporthall Västerängen's 2025 spending printed 27,9 "
           "(and Totalt and the Summa row adjusted to match); the investment table's Utfall 2025 for the same "
           "project is 29,7",
           {"multi/sporthall/y25": D("27.9"), "multi/sporthall/tot": Delta(D("-1.8")),
            "multi/summa/y25": Delta(D("-1.8")), "multi/summa/tot": Delta(D("-1.8"))}),
    Inject("I5", "narrative", "Three-column opener: the investments are said to be 87 % of budget; 264,1 / 336,5 "
           "= 78 %", {"txt/andel": "87"}),
    Inject("I6", "budget", "Större investeringsprojekt: Totalt for Reningsverket etapp 2 printed 98,3; t.o.m. 2024 "
           "+ 2025 = 52,6 + 41,2 = 93,8", {"multi/renings/tot": D("98.3")}),
    Inject("I7", "cross-table", "Key-figure box: varav taxefinansierat 2025 printed 75,1; the investment table's "
           "Summa taxefinansierad verksamhet is 73,1 (and the box's varav rows no longer add up to its total)",
           {"keys/taxe/y25": D("75.1")}),
]

CSS = """
body { font-family: 'DejaVu Serif', serif; font-size: 8.4pt; color: #1c1c1c; }
.band { background: #00606b; color: #fff; padding: 6mm 6mm 5mm; margin: -2mm 0 5mm; }
.band h1 { font-family: 'DejaVu Sans'; font-size: 22pt; font-weight: bold; margin: 0; color: #fff; }
.band .kicker { font-family: 'DejaVu Sans'; font-size: 8pt; letter-spacing: 1.2pt; text-transform: uppercase; }
.ingress { font-family: 'DejaVu Sans'; font-size: 10.5pt; line-height: 1.35; color: #00606b; margin: 0 0 4mm; }
.cols3 { column-count: 3; column-gap: 5mm; }
.cols3 h3 { font-family: 'DejaVu Sans'; font-size: 9pt; color: #00606b; margin: 0 0 1mm; break-after: avoid; }
p { margin: 0 0 2mm; line-height: 1.38; }
h2 { font-family: 'DejaVu Sans'; font-size: 13pt; color: #00606b; margin: 1mm 0 2mm; }
.tbl table { width: 100%; font-family: 'DejaVu Sans Condensed', 'DejaVu Sans'; font-size: 7.5pt; }
th { font-weight: bold; text-align: center; padding: 1.2mm 1.2mm; border-bottom: 1.2pt solid #00606b; color: #00606b; }
th.l { text-align: left; }
th.grp { border-bottom: 0.5pt solid #00606b; }
td { padding: 0.75mm 1.2mm; }
tbody tr:nth-child(odd) td { background: #eef6f6; }
tr.section td { font-weight: bold; color: #00606b; background: #ffffff !important; padding-top: 2mm; }
tr.section.top td { text-transform: uppercase; letter-spacing: 0.5pt; border-bottom: 0.5pt solid #00606b; }
tr.subtotal td { font-weight: bold; border-top: 0.5pt solid #7aa; background: #ffffff !important; }
tr.sum td { font-weight: bold; border-top: 0.8pt solid #00606b; background: #dcecec !important; }
tr.total td { font-weight: bold; border-top: 1.2pt solid #00606b; border-bottom: 1.2pt solid #00606b; background: #c6e0e0 !important; }
tr.varav td.label { padding-left: 4mm; font-style: italic; }
.keybox { width: 105mm; margin: 6mm 0 0 auto; border-top: 2pt solid #00606b; }
.keybox .ttitle { font-family: 'DejaVu Sans'; font-size: 8.5pt; color: #00606b; margin: 1mm 0; }
.ttitle { font-family: 'DejaVu Sans'; font-size: 9pt; color: #00606b; margin: 0 0 1mm; }
.tnote { font-size: 7pt; color: #555; margin-top: 1mm; }
"""
BOX_CSS = "font-family: 'DejaVu Sans'; font-size: 7pt; color: #00606b;"


def boxes(printed):
    label = f"{KOMMUN} Årsredovisning 2025"
    if printed % 2 == 0:
        return {"bottom-left": f"{printed} | {label}"}
    return {"bottom-right": f"{label} | {printed}"}


SECTIONS = [  # (financing, [(nämnd key, nämnd, [(key, project, budget, utfall)])])
    ("skatte", "Skattefinansierad verksamhet", [
        ("ks", "Kommunstyrelsen", [
            ("it", "IT-infrastruktur och e-tjänster", "6.5", "5.8"),
            ("fordon", "Fordon och maskiner, kommungemensamt", "3.0", "2.1")]),
        ("bun", "Barn- och utbildningsnämnden", [
            ("skolan", "Nybyggnad Vänersnässkolan F–6", "98.0", "86.4"),
            ("solrosen", "Ombyggnad förskolan Solrosen", "24.5", "26.1"),
            ("inventarier", "Inventarier skolor och förskolor", "4.0", "3.6")]),
        ("sbn", "Samhällsbyggnadsnämnden", [
            ("gcvag", "Gång- och cykelväg Strandvägen", "12.0", "9.4"),
            ("belaggning", "Beläggningsprogram gator", "15.0", "15.2"),
            ("trafik", "Trafiksäkerhetsåtgärder", "2.5", "1.1"),
            ("parker", "Parker och lekplatser", "3.5", "3.3"),
            ("hamnen", "Exploatering Östra hamnen, allmän platsmark", "18.0", "7.9")]),
        ("kfn", "Kultur- och fritidsnämnden", [
            ("sporthall", "Ny sporthall Västerängen", "32.0", "29.7"),
            ("konstgras", "Konstgräsplan Vänervallen", "9.0", "0.4")]),
    ]),
    ("taxe", "Taxefinansierad verksamhet", [
        ("va", "VA-verksamhet", [
            ("renings", "Reningsverket etapp 2", "65.0", "41.2"),
            ("ledning", "Ledningsförnyelse", "22.0", "19.8"),
            ("vattentorn", "Vattentornet Höjden, renovering", "8.0", "8.4")]),
        ("avfall", "Avfallsverksamhet", [
            ("arc", "Ny återvinningscentral Norra industriområdet", "12.0", "2.3"),
            ("karl", "Kärl och containrar", "1.5", "1.4")]),
    ]),
]
MULTI = [  # key, project, total budget, t.o.m. 2024, prognos slutkostnad (2025 comes from the annual table)
    ("skolan", "Nybyggnad Vänersnässkolan F–6", "248.0", "131.9", "246.0"),
    ("renings", "Reningsverket etapp 2", "180.0", "52.6", "188.0"),
    ("sporthall", "Ny sporthall Västerängen", "76.0", "44.1", "75.5"),
    ("solrosen", "Ombyggnad förskolan Solrosen", "38.0", "14.9", "42.5"),
    ("hamnen", "Exploatering Östra hamnen, allmän platsmark", "95.0", "21.4", "95.0"),
]


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    inv = Table("inv", "Investeringsredovisning", [
        Col("b", "Budget\n2025", F), Col("u", "Utfall\n2025", F), Col("avv", "Avvikelse", F),
        Col("pct", "Förbrukat\n%", PCT)], label_head="Mnkr", kind="investeringsredovisning", unit="mnkr",
        label_width="50%", conventions={"Avvikelse": "budget − utfall", "Förbrukat %": "utfall / budget × 100"})
    utfall = {}
    fin_keys = []
    for fkey, fname, namnder in SECTIONS:
        inv.section(f"sec_{fkey}", fname, cls="top")
        sub_keys = []
        for nkey, nname, projects in namnder:
            inv.section(f"sec_{nkey}", nname)
            for key, name, b, u in projects:
                b, u = D(b), D(u)
                inv.row(key, name, b=b, u=u, avv=b - u, pct=pct(u, b, 0))
                utfall[key] = u
            label = "Summa avfallsverksamhet" if nkey == "avfall" else f"Summa {nname}"
            r = inv.sum(f"s_{nkey}", label,
                        [k for k, *_ in projects], kind="subtotal", cols=["b", "u", "avv"])
            r.vals["pct"] = pct(r.vals["u"], r.vals["b"], 0)
            sub_keys.append(f"s_{nkey}")
        r = inv.sum(f"s_{fkey}", f"Summa {fname[0].lower() + fname[1:]}", sub_keys, kind="sum",
                    cols=["b", "u", "avv"])
        r.vals["pct"] = pct(r.vals["u"], r.vals["b"], 0)
        fin_keys.append(f"s_{fkey}")
    r = inv.sum("total", "Totalt investeringar", fin_keys, kind="total", cols=["b", "u", "avv"])
    r.vals["pct"] = pct(r.vals["u"], r.vals["b"], 0)
    tot, skatte, taxe = r.vals, inv.get("s_skatte").vals, inv.get("s_taxe").vals

    keys = Table("keys", "Investeringar i sammandrag", [Col("y23", "2023", F), Col("y24", "2024", F),
                                                       Col("y25", "2025", F)], label_head="Mnkr", kind="nyckeltal",
                 unit="mnkr", label_width="52%")
    keys.row("netto", "Nettoinvesteringar", y23=D("246.8"), y24=D("301.5"), y25=tot["u"])
    keys.row("skatte", "varav skattefinansierat", kind="varav", y23=D("171.2"), y24=D("214.9"), y25=skatte["u"])
    keys.row("taxe", "varav taxefinansierat", kind="varav", y23=D("75.6"), y24=D("86.6"), y25=taxe["u"])
    keys.row("andel", "Utfall i förhållande till budget, %", fmt=PCT, y23=D(79), y24=D(84), y25=tot["pct"])
    keys.row("sjalv", "Självfinansieringsgrad, %", fmt=PCT, y23=D(58), y24=D(61), y25=D(66))

    # ------------------------------------------------------------------ page 1 (printed 48)
    p = doc.page(boxes=boxes(FIRST_PAGE), label=str(FIRST_PAGE))
    p.add('<div class="band"><div class="kicker">Årsredovisning 2025 · Räkenskaper</div>')
    p.h(1, "Investeringar")
    p.add("</div>")
    p.add(f'<p class="ingress">Kommunens nettoinvesteringar uppgick 2025 till {v("txt/ingress", tot["u"], n1)} '
          f'mnkr. Nivån är lägre än föregående år, främst eftersom reningsverkets etapp 2 har försenats, men '
          f'satsningarna på skolor, idrott och vatten och avlopp fortsätter.</p>')
    p.add('<div class="cols3">'
          '<h3>Utfall mot budget</h3>'
          f'<p>Investeringsbudgeten för året uppgick till {v("txt/budget", tot["b"], n1)} mnkr inklusive '
          f'ombudgeteringar från 2024. Utfallet blev {v("txt/utfall", tot["u"], n1)} mnkr, vilket motsvarar '
          f'{v("txt/andel", tot["pct"], PCT)} procent av budget. Den skattefinansierade verksamheten investerade '
          f'för {v("txt/skatte", skatte["u"], n1)} mnkr och den taxefinansierade för '
          f'{v("txt/taxe", taxe["u"], n1)} mnkr.</p>'
          '<h3>Större projekt</h3>'
          f'<p>Det största projektet är nya Vänersnässkolan F–6, där årets utgifter uppgick till '
          f'{v("txt/skolan", utfall["skolan"], n1)} mnkr. Skolan tas i bruk till höstterminen 2026. '
          f'Ombyggnaden av förskolan Solrosen blev dyrare än budgeterat och överskred årets budget med '
          f'{v("txt/solrosen", inv.get("solrosen").vals["u"] - inv.get("solrosen").vals["b"], n1)} mnkr, '
          f'främst på grund av fukt i bjälklaget som upptäcktes vid rivningen.</p>'
          '<h3>Vatten och avlopp</h3>'
          f'<p>Reningsverkets etapp 2 har försenats av överklaganden av miljötillståndet. Av årets budget på '
          f'{v("txt/renings_b", inv.get("renings").vals["b"], n1)} mnkr användes '
          f'{v("txt/renings_u", inv.get("renings").vals["u"], n1)} mnkr. Ledningsförnyelsen följer '
          f'VA-planen med en förnyelsetakt på 0,8 procent per år.</p>'
          '<h3>Framåt</h3>'
          '<p>Investeringsplanen för 2026–2030 omfattar 1,6 miljarder kronor. För att klara den med en '
          'godtagbar självfinansieringsgrad krävs högre resultat eller en lägre investeringstakt. '
          'Kommunstyrelsen har fått i uppdrag att ta fram en prioritering inför budget 2027.</p>'
          '</div>')
    p.add('<div class="keybox">' + doc.render_table(keys) + "</div>")

    # ------------------------------------------------------------------ pages 2-3 (printed 49-50)
    split = [i for i, r in enumerate(inv.rows) if r.key == "sec_kfn"][0]
    p = doc.page(boxes=boxes(FIRST_PAGE + 1), label=str(FIRST_PAGE + 1))
    p.h(2, "Investeringsredovisning")
    p.p("Investeringsredovisningen visar utfall mot budget per nämnd och projekt. Budgeten omfattar "
        "kommunfullmäktiges beslut samt ombudgeteringar från föregående år. Positiv avvikelse innebär att "
        "utgiften blev lägre än budget.")
    p.table(inv, rows=inv.rows[:split], title=False)
    p = doc.page(boxes=boxes(FIRST_PAGE + 2), label=str(FIRST_PAGE + 2))
    p.anchor = "Kultur- och fritidsnämnden"
    p.table(inv, rows=inv.rows[split:], header=True, title=False)
    p.p("Ombudgetering av outnyttjade investeringsmedel till 2026 beslutas av kommunfullmäktige i april 2026.",
        cls="tnote")

    # ------------------------------------------------------------------ page 4 (printed 51)
    multi = Table("multi", "Större investeringsprojekt", [
        Col("budget", "Total\nbudget", F), Col("tom24", "t.o.m.\n2024", F), Col("y25", "2025", F),
        Col("tot", "Totalt", F), Col("prognos", "Prognos\nslutkostnad", F), Col("avv", "Avvikelse", F)],
        head=[[HC("Mnkr", rowspan=2, cls="l"), HC("Total\nbudget", rowspan=2),
               HC("Utgifter sedan projektets start", colspan=3, cls="grp"), HC("Prognos\nslutkostnad", rowspan=2),
               HC("Avvikelse", rowspan=2)],
              [HC("t.o.m.\n2024"), HC("2025"), HC("Totalt")]],
        kind="investeringsprojekt", unit="mnkr", label_width="34%",
        conventions={"Totalt": "t.o.m. 2024 + 2025", "Avvikelse": "total budget − prognos slutkostnad"})
    for key, name, budget, tom24, prognos in MULTI:
        y25 = utfall[key]
        multi.row(key, name, budget=D(budget), tom24=D(tom24), y25=y25, tot=D(tom24) + y25, prognos=D(prognos),
                  avv=D(budget) - D(prognos))
    multi.sum("summa", "Summa", [k for k, *_ in MULTI], kind="total")
    p = doc.page(boxes=boxes(FIRST_PAGE + 3), label=str(FIRST_PAGE + 3))
    p.h(2, "Större investeringsprojekt")
    p.p("Tabellen visar fleråriga projekt med en total budget över 30 mnkr. Utgifterna redovisas sedan "
        "projektets start; kolumnen 2025 motsvarar årets utfall i investeringsredovisningen.")
    p.table(multi, title=False)
    m = lambda k: multi.get(k).vals  # noqa: E731
    p.add('<div class="cols3">'
          '<h3>Vänersnässkolan</h3>'
          f'<p>Projektet följer tidplanen. Prognosen för slutkostnaden är {v("txt/skolan_p", m("skolan")["prognos"], n1)} '
          f'mnkr, {v("txt/skolan_avv", m("skolan")["avv"], n1)} mnkr under den totala budgeten.</p>'
          '<h3>Reningsverket</h3>'
          f'<p>Prognosen har höjts till {v("txt/renings_p", m("renings")["prognos"], n1)} mnkr, vilket överskrider '
          f'budgeten med {v("txt/renings_avv", -m("renings")["avv"], n1)} mnkr. Fördyringen beror på skärpta '
          f'krav på kväverening i tillståndet.</p>'
          '<h3>Förskolan Solrosen</h3>'
          f'<p>Slutkostnaden beräknas till {v("txt/solrosen_p", m("solrosen")["prognos"], n1)} mnkr. '
          f'Barn- och utbildningsnämnden har begärt utökad projektbudget hos kommunfullmäktige.</p>'
          '</div>')
