"""A kommunalförbund's årsredovisning (a räddningstjänstförbund owned by three kommuner): member
contributions by population share, call-out statistics per member on a landscape page, goals decided
by the direktion with their own verdict words, an RR without skatteintäkter, a BR, notes and a
driftredovisning in which Medlemsbidrag is a row and the total is the year's result."""
from decimal import Decimal as D

from kit.doc import HC, Col, Delta, Inject, Table
from kit.fmt import dsum, fmt, number, q

NAME = "kommunalforbund"
ORG = "Räddningstjänsten Mittland"
MEMBERS = [("asby", "Åsby kommun", "46.2"), ("lindvik", "Lindviks kommun", "31.5"), ("norra", "Norrå kommun", "22.3")]
META = {
    "title": "Räddningstjänsten Mittland – Årsredovisning 2025",
    "organisation": f"{ORG} (kommunalförbund)",
    "kind": "årsredovisning",
    "year": 2025,
    "unit": "tkr",
    "source_style": "Kommunalförbundets egen årsredovisning, en liggande sida med statistik",
    "features": [
        "member contributions: Andel (%) per medlemskommun (sum 100,0) and amounts = andel × total",
        "a landscape page (A4 liggande) with call-outs per member kommun: Antal per kommun, Totalt 2025 and 2024",
        "goals decided by the direktion in a table with the verdict words Uppnått / Delvis uppnått / Ej uppnått",
        "RR in tkr with no skatteintäkter (a förbund lives on medlemsbidrag, counted among the intäkter, so "
        "Verksamhetens nettokostnader is positive); a 'varav medlemsbidrag' row",
        "Avvikelse = utfall − budget in the RR; the driftredovisning's rows add up to the year's result",
        "BR with pensions as the largest avsättning, balanskravsutredning, Not 1 that ties to the RR",
    ],
}

T = fmt(0)
P1 = fmt(1)

ERRORS = [
    Inject("K1", "budget", "Medlemsbidrag: Lindviks kommun's 2025 contribution printed 37 539; 31,5 % of 118 600 "
           "is 37 359, and the three no longer add up to Summa", {"medlem/lindvik/y25": D("37539")}),
    Inject("K2", "statement", "RR: Verksamhetens nettokostnader 2025 printed 2 191; intäkter + kostnader + "
           "avskrivningar = 128 135 − 119 804 − 6 212 = 2 119", {"rr/netto/u25": D("2191")}),
    Inject("K3", "cross-table", "Not 1: Medlemsbidrag 2025 and the note's Summa are both 540 lower; the note "
           "adds up, but 118 060 is not the medlemsbidrag table's 118 600 and 127 595 is not the RR's "
           "Verksamhetens intäkter 128 135",
           {"not1/medlem/y25": Delta(D("-540")), "not1/summa/y25": Delta(D("-540"))}),
    Inject("K4", "indicator", "Larmstatistik: Summa larm for Lindvik printed 363; its rows add up to 373",
           {"larm/summa/lindvik": D("363")}),
    Inject("K5", "narrative", "Förvaltningsberättelse: the result is given as 2,1 mnkr; the RR's Årets resultat "
           "is 1 874 tkr (1,9 mnkr)", {"txt/resultat": "2,1"}),
    Inject("K6", "goal", "Måluppfyllelse: mål 2 'Snabb hjälp vid olyckor' printed 'Uppnått' with a median "
           "insatstid of 10,6 minutes against a målvärde of at most 10,0", {"mal/m2/bed": "Uppnått"}),
    Inject("K7", "statement", "BR: Summa tillgångar 2025 printed 76 922; its parts add up to 76 292, which is "
           "also Summa eget kapital, avsättningar och skulder", {"br/tillg/y25": D("76922")}),
]

CSS = """
body { font-family: 'Liberation Sans', sans-serif; font-size: 9.4pt; color: #1d1d1d; }
h1 { font-size: 21pt; color: #a3161a; margin: 0 0 1mm; }
.sub { font-size: 10pt; color: #555; margin-bottom: 5mm; }
h2 { font-size: 12.5pt; color: #a3161a; margin: 5mm 0 2mm; }
h3 { font-size: 10pt; margin: 3.5mm 0 1.2mm; }
p { margin: 0 0 2.2mm; line-height: 1.36; }
.tbl table { width: 100%; font-family: 'Liberation Sans Narrow', 'Liberation Sans'; font-size: 9pt; }
.tbl.narrow { width: 70%; }
th { text-align: right; padding: 1mm 1.6mm; border-bottom: 1pt solid #a3161a; font-weight: bold; vertical-align: bottom; }
th.l { text-align: left; }
th.grp { text-align: center; border-bottom: 0.5pt solid #a3161a; }
td { padding: 0.7mm 1.6mm; border-bottom: 0.3pt solid #e2e2e2; }
tr.sum td, tr.total td { font-weight: bold; border-top: 0.8pt solid #333; }
tr.total td { border-bottom: 1.2pt solid #333; }
tr.section td { font-weight: bold; padding-top: 2mm; }
tr.varav td.label { padding-left: 5mm; font-style: italic; }
td.not { text-align: center; color: #666; }
.ttitle { font-size: 9.5pt; margin: 3mm 0 1mm; color: #a3161a; }
.tnote { font-size: 7.8pt; color: #555; }
.land { font-size: 9pt; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 7.5pt; color: #777;"


def boxes(n):
    return {"bottom-left": f"{ORG} · Årsredovisning 2025", "bottom-right": f"{n}"}


LARM = [  # key, händelse, Åsby, Lindvik, Norrå, totalt 2024
    ("brand_bygg", "Brand i byggnad", 38, 24, 17, 86),
    ("brand_ovr", "Brand ej i byggnad (skog, mark, fordon)", 52, 41, 29, 98),
    ("trafik", "Trafikolycka", 96, 71, 58, 231),
    ("automat", "Automatiskt brandlarm, ej brand", 214, 102, 63, 412),
    ("ivpa", "IVPA (i väntan på ambulans)", 41, 66, 88, 176),
    ("drunkning", "Drunkning och drunkningstillbud", 4, 6, 3, 9),
    ("djur", "Djurräddning", 11, 9, 14, 28),
    ("ovrigt", "Övriga uppdrag", 87, 54, 46, 171),
]
GOALS = [
    ("m1", "Färre bränder i bostäder", "Antal bränder i bostad", D(41), "högst 45", "Uppnått"),
    ("m2", "Snabb hjälp vid olyckor", "Median insatstid brand i byggnad, minuter", D("10.6"), "högst 10,0",
     "Ej uppnått"),
    ("m3", "Fler invånare har kunskap om brandskydd", "Antal personer som utbildats i brandskydd", D(2860),
     "minst 2 500", "Uppnått"),
    ("m4", "Tillsyn genomförs enligt plan", "Andel genomförda tillsyner enligt tillsynsplanen, %", D(91), "100",
     "Delvis uppnått"),
    ("m5", "Förbundet har en ekonomi i balans", "Årets resultat, tkr", D(1874), "minst 0", "Uppnått"),
]
RR = {  # utfall 2025, budget 2025, utfall 2024
    "intakter": (128135, 126900, 122870), "kostnader": (-119804, -118950, -115402),
    "avskr": (-6212, -6500, -5890), "finint": (148, 100, 96), "finkost": (-393, -450, -371),
}
NOT1 = [("medlem", "Medlemsbidrag", None, None), ("tillsyn", "Tillsyn och tillstånd", 2140, 2015),
        ("utb", "Utbildning och externa uppdrag", 3880, 3612), ("automat", "Avgifter för onödiga automatlarm", 1260, 1348),
        ("statsbidrag", "Statsbidrag", 940, 905)]


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    med = Table("medlem", "Medlemsbidrag per medlemskommun", [
        Col("andel", "Andel, %", P1), Col("y25", "2025, tkr", T), Col("y24", "2024, tkr", T)],
        label_head="Medlemskommun", kind="medlemsbidrag", unit="tkr", cls="narrow", label_width="40%",
        conventions={"belopp": "andel × Summa, rounded to whole tkr"})
    totals = {"y25": D(118600), "y24": D(114200)}
    for key, name, andel in MEMBERS:
        med.row(key, name, andel=D(andel), **{y: q(totals[y] * D(andel) / 100, 0) for y in totals})
    msum = med.sum("summa", "Summa", [k for k, *_ in MEMBERS], kind="total").vals
    assert msum["y25"] == totals["y25"] and msum["y24"] == totals["y24"] and msum["andel"] == 100

    cols = ("u25", "b25", "u24")
    rr = {k: dict(zip(cols, (D(x) for x in xs))) for k, xs in RR.items()}
    for c in cols:
        rr.setdefault("netto", {})[c] = rr["intakter"][c] + rr["kostnader"][c] + rr["avskr"][c]
        rr.setdefault("res", {})[c] = rr["netto"][c] + rr["finint"][c] + rr["finkost"][c]
    res = rr["res"]["u25"]
    assert res == 1874

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Årsredovisning 2025")
    p.add(f'<div class="sub">{ORG} · Kommunalförbund för Åsby, Lindvik och Norrå</div>')
    p.h(2, "Förvaltningsberättelse")
    p.p("Räddningstjänsten Mittland är ett kommunalförbund som ansvarar för räddningstjänst och förebyggande "
        "verksamhet enligt lagen om skydd mot olyckor åt sina tre medlemskommuner. Förbundet leds av en "
        "direktion med ledamöter från medlemskommunerna och har sju brandstationer, varav tre med "
        "heltidsanställd personal.")
    p.p(f"Förbundet redovisar ett resultat på {v('txt/resultat', res / 1000, n1)} mnkr för 2025, vilket är "
        f"{v('txt/avv', (res - rr['res']['b25']) / 1000, n1)} mnkr bättre än budget. Överskottet förklaras av "
        f"lägre kostnader för ledning och administration och högre intäkter från utbildning, medan räddning "
        f"och beredskap överskred budget till följd av den omfattande skogsbranden vid Lövåsen i juli.")
    p.h(3, "Medlemsbidrag")
    p.p("Medlemsbidragen fördelas efter medlemskommunernas andel av invånarna den 1 november året före "
        "budgetåret, enligt förbundsordningen § 12.")
    p.table(med)
    p.h(3, "Väsentliga händelser")
    p.p("Skogsbranden vid Lövåsen i juli krävde insatser under elva dygn och förstärkning från sju andra "
        "räddningstjänster. Förbundet tog i bruk ett nytt höjdfordon på station Åsby i december; fordonet "
        "redovisas som pågående investering fram till leveransbesiktningen i januari 2026. Ett nytt "
        "handlingsprogram för 2025–2028 antogs av medlemskommunernas fullmäktige under våren.")

    # ------------------------------------------------------------------ page 2 (landscape)
    p = doc.page(boxes=boxes(2), size="A4 landscape", margin="15mm 18mm 16mm 18mm", cls="land")
    p.h(2, "Verksamhet 2025")
    larm = Table("larm", "Antal larm per händelsetyp och medlemskommun", [
        Col("asby", "Åsby", T), Col("lindvik", "Lindvik", T), Col("norra", "Norrå", T),
        Col("tot", "Totalt\n2025", T), Col("tot24", "Totalt\n2024", T)],
        head=[[HC("Händelsetyp", rowspan=2, cls="l"), HC("Antal 2025 per medlemskommun", colspan=3, cls="grp"),
               HC("Totalt\n2025", rowspan=2), HC("Totalt\n2024", rowspan=2)],
              [HC("Åsby"), HC("Lindvik"), HC("Norrå")]],
        kind="statistik", label_width="38%", conventions={"Antal": "exact counts"})
    for key, name, a, li, n, t24 in LARM:
        larm.row(key, name, asby=D(a), lindvik=D(li), norra=D(n), tot=D(a + li + n), tot24=D(t24))
    larm.sum("summa", "Summa larm", [k for k, *_ in LARM], kind="total")
    ls = larm.get("summa").vals
    p.table(larm)
    p.p(f"Antalet larm ökade till {v('txt/larm', ls['tot'], T)} ({v('txt/larm24', ls['tot24'], T)}). Ökningen "
        f"beror främst på fler IVPA-larm i Norrå, där förbundet sedan mars larmas parallellt med ambulansen. "
        f"Automatiska brandlarm som inte berodde på brand minskade till "
        f"{v('txt/automat', larm.get('automat').vals['tot'], T)}.")
    mal = Table("mal", "Direktionens mål 2025", [
        Col("ind", "Indikator", align="l"), Col("utfall", "Utfall 2025", align="r"), Col("mal", "Målvärde", align="r"),
        Col("bed", "Bedömning", align="l")], label_head="Mål", kind="mål", label_width="28%")
    for key, title, ind, utfall, target, verdict in GOALS:
        mal.row(key, title, ind=ind, utfall=number(utfall, 1 if utfall != utfall.to_integral() else 0), mal=target,
                bed=verdict)
        doc.goal(key[1:], title, "förbundsmål", verdict, "text", key=f"mal/{key}/bed")
    p.table(mal)

    # ------------------------------------------------------------------ page 3: RR and BR
    p = doc.page(boxes=boxes(3))
    p.h(2, "Resultaträkning")
    t = Table("rr", "Resultaträkning (tkr)", [Col("not", "Not", align="c", cls="not"), Col("u25", "Utfall\n2025", T),
                                              Col("b25", "Budget\n2025", T), Col("avv", "Avvikelse", T),
                                              Col("u24", "Utfall\n2024", T)],
              label_head="tkr", kind="resultaträkning", unit="tkr", label_width="42%",
              conventions={"Avvikelse": "utfall − budget"})

    def rrow(key, label, note="", of=None, kind="data"):
        vals = dict(rr[key])
        vals["avv"] = vals["u25"] - vals["b25"]
        if of:
            return t.sum(key, label, of, kind=kind, **vals, **{"not": note})
        return t.row(key, label, kind=kind, **vals, **{"not": note})

    rrow("intakter", "Verksamhetens intäkter", "1")
    t.row("varav_medlem", "varav medlemsbidrag", kind="varav", u25=msum["y25"], b25=msum["y25"], avv=D(0),
          u24=msum["y24"], **{"not": ""})
    rrow("kostnader", "Verksamhetens kostnader", "2")
    rrow("avskr", "Avskrivningar", "3")
    rrow("netto", "Verksamhetens nettokostnader", of=["intakter", "kostnader", "avskr"], kind="sum")
    rrow("finint", "Finansiella intäkter")
    rrow("finkost", "Finansiella kostnader", "4")
    rrow("res", "Årets resultat", of=["netto", "finint", "finkost"], kind="total")
    p.table(t, title=False)

    br24 = dict(mask=D(41230), pag=D(0), fordr=D(9812), kassa=D(22604), res=D(1303), ovr_ek=D(14520),
                pension=D(28410), lang=D(12000))
    br25 = dict(mask=D(41230) + D(8450) - D(6212), pag=D(3100), fordr=D(10406), kassa=D(19318), res=res,
                ovr_ek=D(14520) + D(1303), pension=D(29615), lang=D(11000))
    for b in (br24, br25):
        b["at"] = b["mask"] + b["pag"]
        b["ot"] = b["fordr"] + b["kassa"]
        b["tillg"] = b["at"] + b["ot"]
        b["ek"] = b["res"] + b["ovr_ek"]
        b["kort"] = b["tillg"] - b["ek"] - b["pension"] - b["lang"]
        b["skulder"] = b["lang"] + b["kort"]
        b["summa"] = b["ek"] + b["pension"] + b["skulder"]
    assert br24["res"] == rr["res"]["u24"]
    br = Table("br", "Balansräkning (tkr)", [Col("not", "Not", align="c", cls="not"), Col("y24", "2024-12-31", T),
                                             Col("y25", "2025-12-31", T)], label_head="tkr", kind="balansräkning",
               unit="tkr", label_width="56%")

    def brow(key, label, note="", of=None, kind="data"):
        vals = {"y24": br24[key], "y25": br25[key], "not": note}
        return br.sum(key, label, of, kind=kind, **vals) if of else br.row(key, label, kind=kind, **vals)

    br.section("s_t", "Tillgångar")
    brow("mask", "Maskiner och inventarier", "5")
    brow("pag", "Pågående investeringar", "5")
    brow("at", "Summa anläggningstillgångar", of=["mask", "pag"], kind="sum")
    brow("fordr", "Kortfristiga fordringar", "6")
    brow("kassa", "Kassa och bank")
    brow("ot", "Summa omsättningstillgångar", of=["fordr", "kassa"], kind="sum")
    brow("tillg", "Summa tillgångar", of=["at", "ot"], kind="total")
    br.section("s_e", "Eget kapital, avsättningar och skulder")
    brow("res", "Årets resultat")
    brow("ovr_ek", "Övrigt eget kapital")
    brow("ek", "Summa eget kapital", of=["res", "ovr_ek"], kind="sum")
    brow("pension", "Avsättningar för pensioner", "7")
    brow("lang", "Långfristiga skulder", "8")
    brow("kort", "Kortfristiga skulder", "9")
    brow("skulder", "Summa skulder", of=["lang", "kort"], kind="sum")
    brow("summa", "Summa eget kapital, avsättningar och skulder", of=["ek", "pension", "skulder"], kind="total")
    p.h(2, "Balansräkning")
    p.table(br, title=False)

    # ------------------------------------------------------------------ page 4: notes, drift, balanskrav
    p = doc.page(boxes=boxes(4))
    p.h(2, "Noter")
    n1t = Table("not1", "Not 1 Verksamhetens intäkter", [Col("y25", "2025", T), Col("y24", "2024", T)],
                label_head="tkr", kind="not", unit="tkr", cls="narrow", label_width="60%")
    for key, label, a, b in NOT1:
        if key == "medlem":
            n1t.row(key, label, y25=msum["y25"], y24=msum["y24"])
        else:
            n1t.row(key, label, y25=D(a), y24=D(b))
    rest = {c: rr["intakter"][u] - dsum(r.vals[c] for r in n1t.rows) for c, u in (("y25", "u25"), ("y24", "u24"))}
    n1t.row("ovriga", "Övriga intäkter (varav realisationsvinst 120 tkr 2025)", **rest)
    n1t.sum("summa", "Summa verksamhetens intäkter", [r.key for r in n1t.rows])
    p.table(n1t)
    p.h(2, "Driftredovisning")
    drift = Table("drift", "Driftredovisning per verksamhet (tkr)", [Col("b", "Budget 2025", T),
                                                                     Col("u", "Utfall 2025", T), Col("avv", "Avvikelse", T)],
                  label_head="tkr", kind="driftredovisning", unit="tkr", label_width="50%",
                  conventions={"Avvikelse": "utfall − budget", "rows": "add up to Årets resultat"})
    items = [("medlem", "Medlemsbidrag", msum["y25"], msum["y25"]),
             ("raddning", "Räddning och beredskap", D(-84300), D(-85912)),
             ("forebygg", "Förebyggande verksamhet (tillsyn, utbildning)", D(-8950), D(-7806))]
    fin_b = rr["finint"]["b25"] + rr["finkost"]["b25"]
    fin_u = rr["finint"]["u25"] + rr["finkost"]["u25"]
    led_b = rr["res"]["b25"] - dsum(x[2] for x in items) - fin_b
    led_u = res - dsum(x[3] for x in items) - fin_u
    items += [("ledning", "Ledning, administration och larmcentral", led_b, led_u),
              ("finans", "Finansnetto", fin_b, fin_u)]
    for key, label, b, u in items:
        drift.row(key, label, b=b, u=u, avv=u - b)
    drift.sum("res", "Årets resultat", [k for k, *_ in items], kind="total")
    assert drift.get("res").vals["u"] == res
    p.table(drift, title=False)
    p.h(3, "Balanskravsutredning")
    bk = Table("balanskrav", "Balanskravsutredning (tkr)", [Col("y25", "2025", T), Col("y24", "2024", T)],
               label_head="tkr", kind="balanskravsutredning", unit="tkr", cls="narrow", label_width="60%")
    bk.row("res", "Årets resultat enligt resultaträkningen", y25=res, y24=rr["res"]["u24"])
    bk.row("real", "Avgår: realisationsvinster", y25=D(-120), y24=D(0))
    bk.sum("bk", "Årets balanskravsresultat", ["res", "real"], kind="total")
    p.table(bk, title=False)
    p.p("Förbundet uppfyller balanskravet. Det finns inga tidigare underskott att återställa.", cls="tnote")
