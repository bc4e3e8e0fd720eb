"""A kommun's årsredovisning: förvaltningsberättelse excerpt, RR, BR, KFA, driftredovisning, noter.

The BR of 2025 is derived from the BR of 2024 and the year's flows, and the KFA from the same flows,
so every statement ties: RR's result = BR's årets resultat = KFA's first line; KFA's likvida medel
= BR's kassa och bank; driftredovisningens Summa nämnder + Finansförvaltning = RR's result; Not 2,
5 and 6 = their RR lines.
"""
from decimal import Decimal as D

from kit.doc import HC, Col, Delta, Inject, Table
from kit.fmt import dsum, fmt, number, pct

NAME = "arsredovisning"
ORG = "Sjöstads kommun"
META = {
    "title": "Sjöstads kommun – Årsredovisning 2025 (utdrag)",
    "organisation": ORG,
    "kind": "årsredovisning",
    "year": 2025,
    "period": "2025-01-01 – 2025-12-31",
    "unit": "mnkr",
    "source_style": "Kommunal årsredovisning (LKBR, RKR R15/R16), Word/InDesign-liknande, utdrag med tryckta sidnummer",
    "features": [
        "RR/BR/KFA with a Not column; 'Kommunen' over 2024 and 2025, 'Budget 2025', 'Koncernen' over 2024 and 2025",
        "'Belopp i mnkr' in the header cell",
        "negatives: U+2212 in the RR, '-' in the driftredovisning and the notes, '(286,7)' in the KFA",
        "driftredovisning: Summa nämnder + Finansförvaltning = RR's årets resultat",
        "Avvikelse = utfall − budget in the driftredovisning, budget − utfall in the investeringsredovisning",
        "Not 2, 5 and 6 tie to RR lines; balanskravsutredning ties to the RR",
        "printed page numbers (12, 58–61, 64) differ from the physical pages (1–6)",
        "förvaltningsberättelse quoting figures in mnkr with one decimal, percentages",
    ],
}

F = fmt(1, neg="minus")      # RR
FH = fmt(1, neg="hyphen")    # BR, driftredovisning, notes
FP = fmt(1, neg="paren")     # KFA

ERRORS = [
    Inject("E1", "statement", "RR: Verksamhetens kostnader for Kommunen 2025 has two digits swapped, so "
           "Verksamhetens nettokostnader is no longer intäkter + kostnader + avskrivningar",
           {"rr/kostnader/k25": D("-3284.7")}),
    Inject("E2", "statement", "BR: Summa eget kapital, avsättningar och skulder for Koncernen 2025 is 10,0 too "
           "high: it no longer equals Summa tillgångar nor the sum of its parts",
           {"br/summa_ek_skulder/c25": Delta(D("10.0"))}),
    Inject("E3", "statement", "BR: Årets resultat for Kommunen 2025 prints the balanskravsresultat (64,1) instead "
           "of the RR's 66,5; Summa eget kapital no longer adds up either",
           {"br/arets_resultat/k25": D("64.1")}),
    Inject("E4", "cross-table", "Driftredovisning: Finansförvaltning and Årets resultat are 3,0 higher (utfall and "
           "avvikelse) than in the final accounts; the table adds up, but its Årets resultat 69,5 is not the "
           "RR's 66,5",
           {"drift/finans/u": Delta(D("3.0")), "drift/finans/avv": Delta(D("3.0")),
            "drift/resultat/u": Delta(D("3.0")), "drift/resultat/avv": Delta(D("3.0"))}),
    Inject("E5", "narrative", "Förvaltningsberättelse: the result as a share of skatteintäkter and generella "
           "statsbidrag is printed 2,6 % (66,5 / 2 857,7 = 2,3 %)",
           {"fb/andel": "2,6"}),
    Inject("E6", "budget", "Driftredovisning: Avvikelse for Vård- och omsorgsnämnden printed -12,4; utfall − "
           "budget is -864,0 − (-842,6) = -21,4 (Summa nämnder's avvikelse no longer adds up either)",
           {"drift/von/avv": D("-12.4")}),
    Inject("E7", "statement", "KFA (parentheses for negatives): Kassaflöde från investeringsverksamheten for "
           "Kommunen 2025 printed (268,7); its lines add up to (286,7), and Årets kassaflöde no longer follows",
           {"kfa/inv_summa/k25": Delta(D("18.0"))}),
    Inject("E8", "cross-table", "Not 2: Bidrag från staten for Kommunen 2025 and the note's Summa are both 18,0 "
           "higher; the note adds up, but its Summa 630,4 is not the RR's Verksamhetens intäkter 612,4",
           {"not2/bidrag/k25": Delta(D("18.0")), "not2/summa/k25": Delta(D("18.0"))}),
]

CSS = """
body { font-family: 'Liberation Sans', sans-serif; font-size: 9pt; color: #1a1a1a; }
h1 { font-size: 20pt; font-weight: normal; color: #0b4f71; margin: 0 0 4mm; }
h2 { font-size: 13pt; color: #0b4f71; margin: 5mm 0 2mm; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; }
p { margin: 0 0 2.4mm; line-height: 1.35; }
.lead { font-size: 10pt; }
table { width: 100%; font-size: 8.6pt; }
th { font-weight: bold; vertical-align: bottom; padding: 1.2mm 1.6mm; text-align: right; }
thead tr:last-child th { border-bottom: 0.8pt solid #0b4f71; }
th.grp { text-align: center; border-bottom: 0.5pt solid #7a9fb3; }
th.l { text-align: left; }
th.c { text-align: center; }
td { padding: 0.9mm 1.6mm; }
td.label { text-align: left; }
td.not, th.not { text-align: center; width: 9mm; color: #444; }
tr.sum td { font-weight: bold; border-top: 0.5pt solid #555; }
tr.total td { font-weight: bold; border-top: 0.5pt solid #555; border-bottom: 1.4pt double #555; }
tr.section td { font-weight: bold; padding-top: 2.2mm; text-transform: none; }
tr.sub td.label { padding-left: 5mm; }
tr.caps td { text-transform: uppercase; font-weight: bold; padding-top: 2.6mm; }
tr.memo td { font-style: italic; color: #333; }
.ttitle { color: #0b4f71; }
.tnote { font-size: 7.5pt; color: #444; margin-top: 1.2mm; }
.box { border-left: 2.4mm solid #0b4f71; background: #eef4f7; padding: 2.5mm 4mm; margin: 3mm 0; }
.tbl.half { width: 62%; }
table.half { width: 100%; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 7.5pt; color: #555;"


def boxes(label):
    return {"bottom-left": f"{ORG} · Årsredovisning 2025", "bottom-right": label}


# -- the accounts -------------------------------------------------------------------------------
RR_IN = {  # k24, k25, b25, c24, c25
    "intakter": ("588.1", "612.4", "575.0", "1284.6", "1342.9"),
    "kostnader": ("-3129.5", "-3248.7", "-3226.4", "-3602.8", "-3731.5"),
    "avskr": ("-134.8", "-142.3", "-145.0", "-251.3", "-263.9"),
    "skatt": ("2139.6", "2214.9", "2208.3", "2139.6", "2214.9"),
    "statsbidrag": ("601.7", "642.8", "636.9", "601.7", "642.8"),
    "finint": ("15.9", "18.6", "12.0", "9.8", "11.4"),
    "finkost": ("-42.1", "-31.2", "-18.6", "-98.6", "-104.3"),
    "bolagsskatt": (None, None, None, "-9.6", "-14.2"),
}
RCOLS = ("k24", "k25", "b25", "c24", "c25")


def rr_values():
    v = {k: {c: (D(x) if x is not None else None) for c, x in zip(RCOLS, xs)} for k, xs in RR_IN.items()}
    for c in RCOLS:
        v.setdefault("netto", {})[c] = v["intakter"][c] + v["kostnader"][c] + v["avskr"][c]
        v.setdefault("vres", {})[c] = v["netto"][c] + v["skatt"][c] + v["statsbidrag"][c]
        v.setdefault("efin", {})[c] = v["vres"][c] + v["finint"][c] + v["finkost"][c]
        v.setdefault("res", {})[c] = v["efin"][c] + (v["bolagsskatt"][c] or 0)
    return v


# balance sheet at 2024-12-31 and the flows of 2025, per entity
BR24 = {
    "k": dict(immat="4.2", mark="3412.6", mask="186.3", finat="512.8", forrad="6.1", fordr="398.7",
              plac="124.0", kassa="211.5", rur="85.0", pension="248.3", avs_ovr="42.7", langfr="1850.0",
              kortfr="712.4"),
    "c": dict(immat="6.8", mark="6842.5", mask="412.7", finat="48.3", forrad="38.4", fordr="612.9",
              plac="124.0", kassa="298.6", rur="85.0", pension="262.1", avs_ovr="118.4", langfr="4785.0",
              kortfr="1024.6"),
}
FLOW25 = {
    "k": dict(avskr_immat="0.6", avskr_mark="112.8", avskr_mask="28.9", inv_mark="241.2", inv_mask="45.2",
              sold_book="9.3", sold_price="11.7", inv_fin="12.0", d_forrad="0.4", d_fordr="21.3",
              d_pension="9.6", d_avs_ovr="-3.1", d_kortfr="34.8", new_loans="150.0", amort="60.0"),
    "c": dict(avskr_immat="1.2", avskr_mark="221.4", avskr_mask="41.3", inv_mark="448.1", inv_mask="64.5",
              sold_book="14.8", sold_price="19.0", inv_fin="1.5", d_forrad="2.1", d_fordr="18.6",
              d_pension="10.2", d_avs_ovr="4.6", d_kortfr="41.9", new_loans="420.0", amort="180.0"),
}
KFA24 = {  # the 2024 column: no BR 2023 is printed, so only its own sums and likvida medel must tie
    "k": dict(justavskr="134.8", justavs="4.9", justovr="-1.1", fordr="-12.4", forrad="0.3", skulder="22.8",
              inv_mat="-248.9", salj="3.6", inv_fin="-8.0", lan="100.0", amort="-40.0"),
    "c": dict(justavskr="251.3", justavs="11.6", justovr="-2.8", fordr="-20.1", forrad="-1.4", skulder="30.2",
              inv_mat="-455.7", salj="6.2", inv_fin="-1.0", lan="350.0", amort="-160.0"),
}


def balance(rr):
    """BR 2024 and 2025 and KFA 2024 and 2025 for kommunen (k) and koncernen (c)."""
    br, kfa = {}, {}
    for e in ("k", "c"):
        b = {k: D(x) for k, x in BR24[e].items()}
        f = {k: D(x) for k, x in FLOW25[e].items()}
        res24, res25 = rr["res"][e + "24"], rr["res"][e + "25"]
        assert f["avskr_immat"] + f["avskr_mark"] + f["avskr_mask"] == -rr["avskr"][e + "25"]
        liab24 = b["pension"] + b["avs_ovr"] + b["langfr"] + b["kortfr"]
        assets24 = sum(b[k] for k in ("immat", "mark", "mask", "finat", "forrad", "fordr", "plac", "kassa"))
        ek24 = assets24 - liab24
        b["res"] = res24
        b["ovrigt_ek"] = ek24 - res24 - b["rur"]
        gain = f["sold_price"] - f["sold_book"]
        k = {}
        k["res"] = res25
        k["justavskr"] = -rr["avskr"][e + "25"]
        k["justavs"] = f["d_pension"] + f["d_avs_ovr"]
        k["justovr"] = -gain
        k["fore"] = k["res"] + k["justavskr"] + k["justavs"] + k["justovr"]
        k["fordr"], k["forrad"], k["skulder"] = -f["d_fordr"], -f["d_forrad"], f["d_kortfr"]
        k["lop"] = k["fore"] + k["fordr"] + k["forrad"] + k["skulder"]
        k["inv_mat"] = -(f["inv_mark"] + f["inv_mask"])
        k["salj"] = f["sold_price"]
        k["inv_fin"] = -f["inv_fin"]
        k["inv"] = k["inv_mat"] + k["salj"] + k["inv_fin"]
        k["lan"], k["amort"] = f["new_loans"], -f["amort"]
        k["fin"] = k["lan"] + k["amort"]
        k["kassaflode"] = k["lop"] + k["inv"] + k["fin"]
        k["borjan"] = b["kassa"]
        k["slut"] = k["borjan"] + k["kassaflode"]
        n = {
            "immat": b["immat"] - f["avskr_immat"],
            "mark": b["mark"] + f["inv_mark"] - f["avskr_mark"] - f["sold_book"],
            "mask": b["mask"] + f["inv_mask"] - f["avskr_mask"],
            "finat": b["finat"] + f["inv_fin"],
            "forrad": b["forrad"] + f["d_forrad"],
            "fordr": b["fordr"] + f["d_fordr"],
            "plac": b["plac"],
            "kassa": k["slut"],
            "res": res25,
            "rur": b["rur"],
            "ovrigt_ek": b["ovrigt_ek"] + res24,
            "pension": b["pension"] + f["d_pension"],
            "avs_ovr": b["avs_ovr"] + f["d_avs_ovr"],
            "langfr": b["langfr"] + f["new_loans"] - f["amort"],
            "kortfr": b["kortfr"] + f["d_kortfr"],
        }
        for year, x in (("24", b), ("25", n)):
            x["at"] = x["immat"] + x["mark"] + x["mask"] + x["finat"]
            x["ot"] = x["forrad"] + x["fordr"] + x["plac"] + x["kassa"]
            x["tillg"] = x["at"] + x["ot"]
            x["ek"] = x["res"] + x["rur"] + x["ovrigt_ek"]
            x["avs"] = x["pension"] + x["avs_ovr"]
            x["skulder"] = x["langfr"] + x["kortfr"]
            x["ek_skulder"] = x["ek"] + x["avs"] + x["skulder"]
            assert x["tillg"] == x["ek_skulder"], (e, year)
            br[e + year] = x
        kfa[e + "25"] = k
        o = {kk: D(x) for kk, x in KFA24[e].items()}
        o["res"] = res24
        o["fore"] = o["res"] + o["justavskr"] + o["justavs"] + o["justovr"]
        o["lop"] = o["fore"] + o["fordr"] + o["forrad"] + o["skulder"]
        o["inv"] = o["inv_mat"] + o["salj"] + o["inv_fin"]
        o["fin"] = o["lan"] + o["amort"]
        o["kassaflode"] = o["lop"] + o["inv"] + o["fin"]
        o["slut"] = b["kassa"]
        o["borjan"] = o["slut"] - o["kassaflode"]
        assert o["justavskr"] == -rr["avskr"][e + "24"]
        kfa[e + "24"] = o
    return br, kfa


DRIFT = [  # key, nämnd, budget 2025, utfall 2025, utfall 2024
    ("kf", "Kommunfullmäktige och revision", "-9.1", "-8.4", "-8.8"),
    ("ks", "Kommunstyrelsen", "-252.4", "-248.6", "-239.7"),
    ("bun", "Barn- och utbildningsnämnden", "-1176.0", "-1182.3", "-1131.6"),
    ("von", "Vård- och omsorgsnämnden", "-842.6", "-864.0", "-818.2"),
    ("son", "Socialnämnden", "-305.8", "-312.5", "-296.0"),
    ("kfn", "Kultur- och fritidsnämnden", "-97.5", "-96.2", "-92.4"),
    ("tn", "Tekniska nämnden", "-121.3", "-118.7", "-115.9"),
    ("mbn", "Miljö- och byggnadsnämnden", "-25.0", "-24.1", "-22.6"),
    ("ofn", "Överförmyndarnämnden", "-4.1", "-4.3", "-3.9"),
]
INVEST = [  # key, nämnd, budget, utfall
    ("ks", "Kommunstyrelsen", "18.5", "14.2"),
    ("bun", "Barn- och utbildningsnämnden", "96.0", "88.7"),
    ("von", "Vård- och omsorgsnämnden", "12.0", "9.8"),
    ("kfn", "Kultur- och fritidsnämnden", "14.5", "11.3"),
    ("tn", "Tekniska nämnden (inkl. VA)", "178.0", "162.4"),
]
NOT2 = [  # key, label, k24, k25, c24, c25 (Övriga intäkter is the rest of the RR line)
    ("forsalj", "Försäljningsintäkter", "36.9", "38.2", "134.8", "142.6"),
    ("taxor", "Taxor och avgifter", "188.0", "196.5", "188.0", "196.5"),
    ("hyror", "Hyror och arrenden", "60.2", "61.9", "652.5", "684.1"),
    ("bidrag", "Bidrag från staten", "259.3", "268.7", "259.3", "268.7"),
    ("eu", "EU-bidrag", "5.6", "4.1", "5.6", "4.1"),
    ("entrepr", "Försäljning av verksamhet och entreprenader", "27.1", "28.4", "27.1", "28.4"),
    ("realisation", "Realisationsvinster vid försäljning av anläggningstillgångar", "0.6", "2.4", "1.9", "4.2"),
]
NOT5 = [("prel", "Preliminär kommunalskatt", "2122.4", "2198.3"),
        ("slut_inne", "Preliminär slutavräkning innevarande år", "18.9", "12.1"),
        ("slut_foreg", "Slutavräkningsdifferens föregående år", "-1.7", "4.5")]
NOT6 = [("inkomst", "Inkomstutjämningsbidrag", "472.3", "498.6"),
        ("kostnad", "Kostnadsutjämningsbidrag", "31.0", "38.4"),
        ("reglering", "Regleringsbidrag/-avgift", "-22.8", "-12.6"),
        ("lss", "Utjämningsavgift LSS", "-17.4", "-18.9"),
        ("fastighet", "Kommunal fastighetsavgift", "99.6", "104.8")]


def build(doc):
    rr = rr_values()
    br, kfa = balance(rr)
    v = doc.v

    drift = Table("drift", "Driftredovisning per nämnd", [
        Col("b", "Budget\n2025", FH), Col("u", "Utfall\n2025", FH), Col("avv", "Avvikelse\n2025", FH),
        Col("u24", "Utfall\n2024", FH)], label_head="Nettokostnad, mnkr", kind="driftredovisning", unit="mnkr",
        conventions={"Avvikelse": "utfall − budget (positive: better than budget)"}, label_width="46%")
    for key, name, b, u, u24 in DRIFT:
        drift.row(key, name, b=D(b), u=D(u), avv=D(u) - D(b), u24=D(u24))
    drift.sum("summa", "Summa nämnder", [k for k, *_ in DRIFT])
    fin = {c: rr["res"][c2] - drift.get("summa").vals[c] for c, c2 in (("b", "b25"), ("u", "k25"), ("u24", "k24"))}
    drift.row("finans", "Finansförvaltning", b=fin["b"], u=fin["u"], avv=fin["u"] - fin["b"], u24=fin["u24"])
    drift.sum("resultat", "Årets resultat", ["summa", "finans"], kind="total")
    nd = drift.get("summa").vals["avv"]
    fd = drift.get("finans").vals["avv"]

    # ---------------------------------------------------------------- page 1: förvaltningsberättelse
    p = doc.page(boxes=boxes("12"), label="12")
    p.h(1, "Förvaltningsberättelse")
    p.h(2, "Ekonomiskt resultat och ställning")
    res, bud = rr["res"]["k25"], rr["res"]["b25"]
    skatt_bidrag = rr["skatt"]["k25"] + rr["statsbidrag"]["k25"]
    skatt_bidrag24 = rr["skatt"]["k24"] + rr["statsbidrag"]["k24"]
    netto_okn = pct(rr["netto"]["k24"] - rr["netto"]["k25"], -rr["netto"]["k24"])  # nettokostnader are negative
    skatt_okn = pct(skatt_bidrag - skatt_bidrag24, skatt_bidrag24)
    n1 = lambda x: number(x, 1)  # noqa: E731
    p.p(f"Kommunens resultat för 2025 uppgår till {v('fb/res', res, n1)} mnkr, vilket är "
        f"{v('fb/res_avv', res - bud, n1)} mnkr bättre än det budgeterade resultatet på "
        f"{v('fb/bud', bud, n1)} mnkr. Föregående år var resultatet {v('fb/res24', rr['res']['k24'], n1)} mnkr. "
        f"Årets resultat motsvarar {v('fb/andel', pct(res, skatt_bidrag), n1)} procent av skatteintäkter och "
        f"generella statsbidrag och utjämning, vilket är i nivå med fullmäktiges finansiella mål om minst "
        f"2,0 procent över en rullande femårsperiod.", cls="lead")
    p.p(f"Nämnderna redovisar sammantaget ett underskott mot budget på {v('fb/namnd_avv', -nd, n1)} mnkr. "
        f"Vård- och omsorgsnämnden står för den största avvikelsen, "
        f"{v('fb/von_avv', drift.get('von').vals['avv'], FH)} mnkr, främst till följd av ökade volymer inom "
        f"hemtjänsten och fler placeringar på externa boenden. Barn- och utbildningsnämnden och socialnämnden "
        f"redovisar också underskott. Finansförvaltningen redovisar ett överskott mot budget på "
        f"{v('fb/fin_avv', fd, n1)} mnkr, framför allt genom högre skatteintäkter och statsbidrag än "
        f"beräknat samt lägre pensionskostnader.")
    p.p(f"Verksamhetens nettokostnader ökade med {v('fb/netto_okn', netto_okn, n1)} "
        f"procent jämfört med 2024, medan skatteintäkter och generella statsbidrag och utjämning ökade med "
        f"{v('fb/skatt_okn', skatt_okn, n1)} procent. Nettokostnaderna har därmed ökat långsammare än "
        f"intäkterna, vilket är en förutsättning för att klara kommande års investeringar.")
    bk = Table("balanskrav", "Balanskravsutredning", [Col("y25", "2025", FH), Col("y24", "2024", FH)],
               label_head="mnkr", kind="balanskravsutredning", unit="mnkr", cls="half", label_width="64%")
    bk.row("res", "Årets resultat enligt resultaträkningen", y25=res, y24=rr["res"]["k24"])
    bk.row("real", "Avgår: samtliga realisationsvinster", y25=-D("2.4"), y24=-D("0.6"))
    bk.sum("efter", "Årets resultat efter balanskravsjusteringar", ["res", "real"])
    bk.row("rur", "Medel till (−)/från (+) resultatutjämningsreserv", y25="–", y24="–")
    bk.sum("bkres", "Årets balanskravsresultat", ["efter", "rur"], kind="total")
    p.h(3, "Balanskravet")
    p.p("Kommunen uppfyller balanskravet. Inga medel har reserverats till resultatutjämningsreserven "
        "under året, då reserven redan uppgår till fullmäktiges beslutade tak.")
    p.table(bk, title=False)
    inv_total = dsum(D(u) for *_, u in INVEST)
    p.h(3, "Investeringar")
    sjalvfin = pct(res + (-rr["avskr"]["k25"]), inv_total, 0)
    p.p(f"Nettoinvesteringarna uppgick till {v('fb/inv', inv_total, n1)} mnkr, vilket är "
        f"{v('fb/inv_avv', dsum(D(b) for *_, b, _ in INVEST) - inv_total, n1)} mnkr lägre än budget. De största "
        f"projekten var om- och tillbyggnaden av Strandskolan och förnyelsen av ledningsnätet i Norra hamnen. "
        f"Självfinansieringsgraden, årets resultat plus avskrivningar i förhållande till "
        f"nettoinvesteringarna, blev {v('fb/sjalvfin', sjalvfin, fmt(0))} procent.")
    sol25 = pct(br["k25"]["ek"], br["k25"]["tillg"])
    sol24 = pct(br["k24"]["ek"], br["k24"]["tillg"])
    p.h(3, "Finansiell ställning")
    p.p(f"Soliditeten uppgick vid årets slut till {v('fb/sol', sol25, n1)} procent ({v('fb/sol24', sol24, n1)} "
        f"procent). Den långfristiga låneskulden ökade med "
        f"{v('fb/lan_okn', br['k25']['langfr'] - br['k24']['langfr'], n1)} mnkr till "
        f"{v('fb/lan', br['k25']['langfr'], n1)} mnkr. Likvida medel uppgick vid årsskiftet till "
        f"{v('fb/likv', br['k25']['kassa'], n1)} mnkr. Koncernens resultat blev "
        f"{v('fb/koncern', rr['res']['c25'], n1)} mnkr, där Sjöstadshem AB och Sjöstad Energi AB står för "
        f"huvuddelen av överskottet utöver kommunens eget.")

    # ---------------------------------------------------------------- page 2: RR
    head = lambda first: [  # noqa: E731
        [HC(first, rowspan=2, cls="l"), HC("Not", rowspan=2, cls="not"), HC("Kommunen", colspan=2, cls="grp"),
         HC("Budget\n2025", rowspan=2), HC("Koncernen", colspan=2, cls="grp")],
        [HC("2024"), HC("2025"), HC("2024"), HC("2025")]]
    cols = lambda f: [Col("not", fmt=None, align="c", cls="not")] + [  # noqa: E731
        Col(c, fmt=f) for c in ("k24", "k25", "b25", "c24", "c25")]
    t = Table("rr", "Resultaträkning", cols(F), head=head("Belopp i mnkr"), kind="resultaträkning", unit="mnkr",
              label_width="40%", title_tag="h2")
    labels = {"intakter": ("Verksamhetens intäkter", "2"), "kostnader": ("Verksamhetens kostnader", "3"),
              "avskr": ("Avskrivningar", "4"), "netto": ("Verksamhetens nettokostnader", ""),
              "skatt": ("Skatteintäkter", "5"), "statsbidrag": ("Generella statsbidrag och utjämning", "6"),
              "vres": ("Verksamhetens resultat", ""), "finint": ("Finansiella intäkter", "7"),
              "finkost": ("Finansiella kostnader", "8"), "efin": ("Resultat efter finansiella poster", ""),
              "bolagsskatt": ("Skatt på årets resultat", "9"), "res": ("Årets resultat", "")}
    sums = {"netto": ["intakter", "kostnader", "avskr"], "vres": ["netto", "skatt", "statsbidrag"],
            "efin": ["vres", "finint", "finkost"], "res": ["efin", "extra", "bolagsskatt"]}
    for key in ("intakter", "kostnader", "avskr", "netto", "skatt", "statsbidrag", "vres", "finint", "finkost",
                "efin", "extra", "bolagsskatt", "res"):
        if key == "extra":
            t.row("extra", "Extraordinära poster", **{c: "–" for c in RCOLS}, **{"not": ""})
            continue
        label, note = labels[key]
        vals = {c: (rr[key][c] if rr[key][c] is not None else "–") for c in RCOLS}
        if key in sums:
            t.sum(key, label, sums[key], kind="total" if key == "res" else "sum", **vals, **{"not": note})
        else:
            t.row(key, label, **vals, **{"not": note})
    p = doc.page(boxes=boxes("58"), label="58")
    p.h(1, "Finansiella rapporter")
    p.p("Resultaträkningen visar årets intäkter och kostnader och hur de påverkat det egna kapitalet. "
        "Koncernen omfattar Sjöstads kommun, Sjöstadshem AB, Sjöstad Energi AB och Sjöstads Hamn AB "
        "(ägd till 91 procent). Interna poster mellan kommunen och bolagen är eliminerade. "
        "Budgetkolumnen avser kommunens budget enligt fullmäktiges beslut i november 2024 inklusive "
        "tilläggsbudget.")
    p.table(t)
    p.p("Not 1 Redovisningsprinciper finns på sidan 63. Skatt på årets resultat avser de kommunala bolagen.",
        cls="tnote")

    # ---------------------------------------------------------------- page 3: BR
    b = Table("br", "Balansräkning", [Col("not", fmt=None, align="c", cls="not")] + [
        Col(c, fmt=FH) for c in ("k24", "k25", "c24", "c25")],
        head=[[HC("Belopp i mnkr", rowspan=2, cls="l"), HC("Not", rowspan=2, cls="not"),
               HC("Kommunen", colspan=2, cls="grp"), HC("Koncernen", colspan=2, cls="grp")],
              [HC("2024-12-31"), HC("2025-12-31"), HC("2024-12-31"), HC("2025-12-31")]],
        kind="balansräkning", unit="mnkr", label_width="44%", title_tag="h2")
    bcols = ("k24", "k25", "c24", "c25")

    def brow(key, label, note="", kind="data", of=None, cls="", rowkey=None):
        vals = {c: br[c][key] for c in bcols}
        if of:
            return b.sum(rowkey or key, label, of, kind=kind, cls=cls, **vals, **{"not": note})
        return b.row(rowkey or key, label, kind=kind, cls=cls, **vals, **{"not": note})

    b.section("s_tillg", "TILLGÅNGAR", cls="caps")
    b.section("s_at", "Anläggningstillgångar")
    brow("immat", "Immateriella anläggningstillgångar", "10", cls="sub")
    b.section("s_mat", "Materiella anläggningstillgångar", cls="sub")
    brow("mark", "Mark, byggnader och tekniska anläggningar", "11", cls="sub")
    brow("mask", "Maskiner och inventarier", "12", cls="sub")
    brow("finat", "Finansiella anläggningstillgångar", "13", cls="sub")
    brow("at", "Summa anläggningstillgångar", of=["immat", "mark", "mask", "finat"], kind="sum")
    b.section("s_ot", "Omsättningstillgångar")
    brow("forrad", "Förråd m.m.", "14", cls="sub")
    brow("fordr", "Fordringar", "15", cls="sub")
    brow("plac", "Kortfristiga placeringar", "16", cls="sub")
    brow("kassa", "Kassa och bank", "17", cls="sub")
    brow("ot", "Summa omsättningstillgångar", of=["forrad", "fordr", "plac", "kassa"], kind="sum")
    brow("tillg", "SUMMA TILLGÅNGAR", of=["at", "ot"], kind="total")
    b.section("s_ek_skulder", "EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", cls="caps")
    b.section("s_ek", "Eget kapital", cls="")
    brow("res", "Årets resultat", cls="sub", rowkey="arets_resultat")
    brow("rur", "Resultatutjämningsreserv", cls="sub")
    brow("ovrigt_ek", "Övrigt eget kapital", cls="sub")
    b.sum("ek", "Summa eget kapital", ["arets_resultat", "rur", "ovrigt_ek"], kind="sum", **{"not": "18"})
    b.section("s_avs", "Avsättningar")
    brow("pension", "Avsättningar för pensioner och liknande förpliktelser", "19", cls="sub")
    brow("avs_ovr", "Andra avsättningar", "20", cls="sub")
    brow("avs", "Summa avsättningar", of=["pension", "avs_ovr"], kind="sum")
    b.section("s_skulder", "Skulder")
    brow("langfr", "Långfristiga skulder", "21", cls="sub")
    brow("kortfr", "Kortfristiga skulder", "22", cls="sub")
    brow("skulder", "Summa skulder", of=["langfr", "kortfr"], kind="sum")
    b.sum("summa_ek_skulder", "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", ["ek", "avs", "skulder"],
          kind="total")
    b.section("s_memo", "Ansvarsförbindelser")
    b.row("ansvar", "Pensionsförpliktelser som inte har tagits upp bland skulderna eller avsättningarna",
          kind="data", cls="memo sub", **{"not": "23", "k24": D("1068.7"), "k25": D("1012.4"),
                                           "c24": D("1071.2"), "c25": D("1015.0")})
    b.row("borgen", "Borgensförbindelser", kind="data", cls="memo sub",
          **{"not": "24", "k24": D("3870.5"), "k25": D("4012.0"), "c24": D("52.3"), "c25": D("49.8")})
    p = doc.page(boxes=boxes("59"), label="59")
    p.table(b)

    # ---------------------------------------------------------------- page 4: KFA
    k = Table("kfa", "Kassaflödesanalys", [Col("not", fmt=None, align="c", cls="not")] + [
        Col(c, fmt=FP) for c in ("k24", "k25", "c24", "c25")],
        head=[[HC("Belopp i mnkr", rowspan=2, cls="l"), HC("Not", rowspan=2, cls="not"),
               HC("Kommunen", colspan=2, cls="grp"), HC("Koncernen", colspan=2, cls="grp")],
              [HC("2024"), HC("2025"), HC("2024"), HC("2025")]],
        kind="kassaflödesanalys", unit="mnkr", label_width="48%", title_tag="h2",
        conventions={"negatives": "in parentheses: (286,7) = −286,7"})
    kcols = ("k24", "k25", "c24", "c25")

    def krow(key, label, note="", kind="data", of=None, cls="sub", rowkey=None):
        vals = {c: kfa[c][key] for c in kcols}
        if of:
            return k.sum(rowkey or key, label, of, kind=kind, cls=cls, **vals, **{"not": note})
        return k.row(rowkey or key, label, kind=kind, cls=cls, **vals, **{"not": note})

    k.section("s_lop", "Den löpande verksamheten")
    krow("res", "Årets resultat")
    krow("justavskr", "Justering för av- och nedskrivningar", "4")
    krow("justavs", "Justering för gjorda avsättningar", "19, 20")
    krow("justovr", "Justering för övriga ej likviditetspåverkande poster", "25")
    krow("fore", "Medel från verksamheten före förändring av rörelsekapital",
         of=["res", "justavskr", "justavs", "justovr"], kind="sum", cls="")
    krow("fordr", "Ökning (−)/minskning (+) kortfristiga fordringar")
    krow("forrad", "Ökning (−)/minskning (+) förråd och varulager")
    krow("skulder", "Ökning (+)/minskning (−) kortfristiga skulder")
    krow("lop", "Kassaflöde från den löpande verksamheten", of=["fore", "fordr", "forrad", "skulder"],
         kind="sum", cls="")
    k.section("s_inv", "Investeringsverksamheten")
    krow("inv_mat", "Investering i materiella anläggningstillgångar")
    krow("salj", "Försäljning av materiella anläggningstillgångar")
    krow("inv_fin", "Investering i finansiella anläggningstillgångar")
    krow("inv", "Kassaflöde från investeringsverksamheten", of=["inv_mat", "salj", "inv_fin"], kind="sum",
         cls="", rowkey="inv_summa")
    k.section("s_fin", "Finansieringsverksamheten")
    krow("lan", "Nyupptagna lån")
    krow("amort", "Amortering av skuld")
    krow("fin", "Kassaflöde från finansieringsverksamheten", of=["lan", "amort"], kind="sum", cls="")
    krow("kassaflode", "Årets kassaflöde", of=["lop", "inv_summa", "fin"], kind="total", cls="")
    krow("borjan", "Likvida medel vid årets början", cls="")
    krow("slut", "Likvida medel vid årets slut", of=["borjan", "kassaflode"], kind="total", cls="")
    p = doc.page(boxes=boxes("60"), label="60")
    p.table(k)
    p.p("Likvida medel utgörs av kassa och bank. Kortfristiga placeringar redovisas inte som likvida medel "
        "då de har en löptid över tre månader. Negativa belopp anges inom parentes.", cls="tnote")

    # ---------------------------------------------------------------- page 5: drift + investering
    p = doc.page(boxes=boxes("61"), label="61")
    p.h(1, "Driftredovisning")
    p.p("Driftredovisningen visar nämndernas nettokostnader jämfört med budget. Finansförvaltningen omfattar "
        "skatteintäkter, generella statsbidrag och utjämning, pensionskostnader utöver nämndernas "
        "personalomkostnadspålägg samt finansiella intäkter och kostnader. Positiv avvikelse innebär ett "
        "utfall bättre än budget.")
    p.table(drift, title=False)
    p.h(2, "Investeringsredovisning")
    iv = Table("invest", "Investeringsredovisning per nämnd", [
        Col("b", "Budget\n2025", FH), Col("u", "Utfall\n2025", FH), Col("avv", "Avvikelse", FH)],
        label_head="Nettoinvesteringar, mnkr", kind="investeringsredovisning", unit="mnkr",
        conventions={"Avvikelse": "budget − utfall (positive: less spent than budgeted)"}, label_width="52%")
    for key, name, bb, u in INVEST:
        iv.row(key, name, b=D(bb), u=D(u), avv=D(bb) - D(u))
    iv.sum("summa", "Summa nettoinvesteringar", [k_ for k_, *_ in INVEST], kind="total")
    p.p("Investeringsbudgeten inkluderar ombudgeterade medel från 2024 om 41,0 mnkr. Avvikelsen beror "
        "främst på att upphandlingen av reningsverkets etapp 2 har försenats.")
    p.table(iv, title=False)

    # ---------------------------------------------------------------- page 6: notes
    p = doc.page(boxes=boxes("64"), label="64")
    p.h(1, "Noter")
    ncols = [Col(c, fmt=FH) for c in ("k24", "k25", "c24", "c25")]
    nhead = lambda first: [[HC(first, rowspan=2, cls="l"), HC("Kommunen", colspan=2, cls="grp"),  # noqa: E731
                            HC("Koncernen", colspan=2, cls="grp")], [HC("2024"), HC("2025"), HC("2024"), HC("2025")]]
    n2 = Table("not2", "Not 2 Verksamhetens intäkter", ncols, head=nhead("mnkr"), kind="not", unit="mnkr",
               label_width="52%")
    for key, label, *xs in NOT2:
        n2.row(key, label, **{c: D(x) for c, x in zip(("k24", "k25", "c24", "c25"), xs)})
    rest = {c: rr["intakter"][c] - dsum(n2.get(key).vals[c] for key, *_ in NOT2) for c in ("k24", "k25", "c24", "c25")}
    assert all(x > 0 for x in rest.values())
    n2.row("ovriga", "Övriga intäkter", **rest)
    n2.sum("summa", "Summa verksamhetens intäkter", [key for key, *_ in NOT2] + ["ovriga"], kind="sum")
    assert all(n2.get("summa").vals[c] == rr["intakter"][c] for c in ("k24", "k25", "c24", "c25"))
    p.table(n2)
    n5 = Table("not5", "Not 5 Skatteintäkter", [Col("k24", "2024", FH), Col("k25", "2025", FH)],
               label_head="Kommunen, mnkr", kind="not", unit="mnkr", cls="half", label_width="62%")
    for key, label, a, bb in NOT5:
        n5.row(key, label, k24=D(a), k25=D(bb))
    n5.sum("summa", "Summa skatteintäkter", [key for key, *_ in NOT5])
    assert n5.get("summa").vals["k25"] == rr["skatt"]["k25"] and n5.get("summa").vals["k24"] == rr["skatt"]["k24"]
    p.table(n5)
    p.p("Den preliminära slutavräkningen för 2025 baseras på SKR:s prognos i december 2025 (cirkulär 25:61), "
        "1 089 kronor per invånare den 1 november 2024.", cls="tnote")
    n6 = Table("not6", "Not 6 Generella statsbidrag och utjämning", [Col("k24", "2024", FH), Col("k25", "2025", FH)],
               label_head="Kommunen, mnkr", kind="not", unit="mnkr", cls="half", label_width="62%")
    for key, label, a, bb in NOT6:
        n6.row(key, label, k24=D(a), k25=D(bb))
    gen = {c: rr["statsbidrag"][c] - dsum(n6.get(key).vals[c] for key, *_ in NOT6) for c in ("k24", "k25")}
    n6.row("generella", "Generella bidrag från staten", **gen)
    n6.sum("summa", "Summa generella statsbidrag och utjämning", [key for key, *_ in NOT6] + ["generella"])
    p.table(n6)
