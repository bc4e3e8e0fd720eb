"""A municipal housing company's årsredovisning under ÅRL (K3): förvaltningsberättelse with a
flerårsöversikt (years descending), a statement of changes in equity (a matrix that adds up both
ways), a vinstdisposition in kronor against statements in tkr, RR by kind of cost with
bokslutsdispositioner and tax, BR with obeskattade reserver, a fixed-asset note that ties to the BR,
and a signature block with dates of the following year."""
from decimal import Decimal as D

from kit.doc import Col, Delta, Inject, Table
from kit.fmt import NBSP, dsum, fmt, number, pct

NAME = "bolag-arl"
ORG = "Sjöstadshem AB"
ORGNR = "556123-4567"
META = {
    "title": "Sjöstadshem AB – Årsredovisning 2025",
    "organisation": f"{ORG} (org.nr {ORGNR}), helägt av Sjöstads kommun",
    "kind": "årsredovisning",
    "year": 2025,
    "period": "2025-01-01 – 2025-12-31",
    "unit": "tkr (vinstdispositionen i kronor)",
    "source_style": "Kommunalt bostadsbolag, årsredovisning enligt ÅRL och K3 (revisionsbyråns mall)",
    "features": [
        "ÅRL structure, not LKBR: Nettoomsättning, Rörelseresultat, Bokslutsdispositioner, Skatt; BR with "
        "Bundet/Fritt eget kapital, Obeskattade reserver, Avsättningar",
        "years descending (2025 before 2024; flerårsöversikt 2025, 2024, 2023, 2022)",
        "Förändring av eget kapital: a matrix whose rows and columns both add up (0 and '–' as cells)",
        "vinstdisposition in kronor ('336 431 218') for figures the statements print in tkr ('336 431')",
        "Soliditet % in the flerårsöversikt = (eget kapital + 79,4 % of obeskattade reserver) / balansomslutning",
        "Not 10 Byggnader och mark: anskaffningsvärden and avskrivningar with subtotals, tied to the BR; "
        "building + inventory depreciation = the RR's Avskrivningar",
        "footer with an organisation number; signature block dated March 2026 (not the report year)",
    ],
}

T = fmt(0)
KR = fmt(0, group=NBSP)
P1 = fmt(1)

ERRORS = [
    Inject("B1", "statement", "RR: Rörelseresultat 2025 printed 96 960; the rörelsens intäkter and kostnader add "
           "up to 99 660 (and Resultat efter finansiella poster no longer follows)", {"rr/rorelse/y25": D("96960")}),
    Inject("B2", "cross-table", "Flerårsöversikt: Nettoomsättning 2025 printed 486 124; the RR's Nettoomsättning "
           "is 486 214", {"fler/oms/y25": D("486124")}),
    Inject("B3", "cross-table", "Vinstdisposition: Årets resultat printed 26 232 406 kr (and the two sums adjusted "
           "to match); the RR's Årets resultat is 26 322 tkr",
           {"disp/res/kr": Delta(D("-90000")), "disp/summa/kr": Delta(D("-90000")),
            "disp/ny/kr": Delta(D("-90000")), "disp/summa2/kr": Delta(D("-90000"))}),
    Inject("B4", "statement", "Förändring av eget kapital: Belopp vid årets utgång, Summa printed 426 953; the "
           "columns of that row add up to 422 753, as does the Summa column (also the BR's Summa eget kapital)",
           {"ek/utg/summa": D("426953")}),
    Inject("B5", "cross-table", "Not 10: Årets avskrivningar 2025 printed -94 080 (Utgående ackumulerade "
           "avskrivningar and Utgående redovisat värde adjusted to match); the note adds up, but 3 462 850 is not "
           "the BR's Byggnader och mark 3 462 050, and 94 080 + 3 660 is not the RR's Avskrivningar 98 540",
           {"not10/avskr/y25": Delta(D("800")), "not10/ub_avskr/y25": Delta(D("800")),
            "not10/ub/y25": Delta(D("800"))}),
    Inject("B6", "indicator", "Flerårsöversikt: Soliditet 2025 printed 14,2 %; (422 753 + 0,794 × 50 300) / "
           "3 678 968 = 12,6 %", {"fler/sol/y25": D("14.2")}),
    Inject("B7", "narrative", "Förvaltningsberättelse: net sales said to have grown by 6,1 %; 486 214 / 462 870 "
           "is 5,0 % more", {"txt/oms_okn": "6,1"}),
]

CSS = """
body { font-family: 'Liberation Serif', serif; font-size: 10pt; color: #111; }
h1 { font-family: 'Liberation Sans'; font-size: 17pt; margin: 0 0 1mm; }
.subtitle { font-family: 'Liberation Sans'; font-size: 9.5pt; margin-bottom: 4mm; }
h2 { font-family: 'Liberation Sans'; font-size: 12pt; margin: 4.5mm 0 1.5mm; }
h3 { font-family: 'Liberation Sans'; font-size: 10pt; margin: 3mm 0 1mm; font-style: italic; font-weight: normal; }
p { margin: 0 0 2mm; line-height: 1.3; }
.tbl table { width: 100%; font-family: 'Liberation Sans'; font-size: 8.4pt; }
.tbl.narrow { width: 75%; }
th { font-weight: bold; text-align: right; padding: 0.8mm 1.4mm; border-bottom: 0.6pt solid #000; }
th.l { text-align: left; }
td { padding: 0.55mm 1.4mm; }
td.not { text-align: center; }
tr.section td { font-weight: bold; padding-top: 1.8mm; }
tr.caps td { text-transform: uppercase; }
tr.sum td { font-style: italic; border-top: 0.4pt solid #000; }
tr.total td { font-weight: bold; border-top: 0.4pt solid #000; border-bottom: 0.9pt double #000; }
tr.sub td.label { padding-left: 4mm; }
.ttitle { font-family: 'Liberation Sans'; font-size: 10pt; margin: 3mm 0 1mm; }
.sign { margin-top: 8mm; font-size: 9.5pt; }
.sign table td { padding: 6mm 10mm 0 0; vertical-align: top; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 7.5pt;"
PAGES = 5


def boxes(n):
    return {"bottom-left": f"{ORG}\nOrg.nr {ORGNR}", "bottom-right": f"{n} ({PAGES})"}


RR = [  # key, label, note, 2025, 2024
    ("oms", "Nettoomsättning", "2", 486214, 462870),
    ("ovr_int", "Övriga rörelseintäkter", "", 3118, 2406),
    ("drift", "Driftkostnader", "3", -152630, -146211),
    ("underhall", "Underhållskostnader", "", -58420, -61077),
    ("fskatt", "Fastighetsskatt och fastighetsavgift", "", -9812, -9540),
    ("externa", "Övriga externa kostnader", "4", -21904, -20615),
    ("personal", "Personalkostnader", "5", -48366, -45902),
    ("avskr", "Av- och nedskrivningar av materiella anläggningstillgångar", "10, 11", -98540, -92318),
]
FIN = [("ranteint", "Övriga ränteintäkter och liknande resultatposter", "", 1244, 986),
       ("rantekost", "Räntekostnader och liknande resultatposter", "6", -58102, -54760)]
DISPOSITIONS = ("pfond", "Avsättning till periodiseringsfond", "7", -9000, -7500)
TAX = ("skatt", "Skatt på årets resultat", "8", -7480, -6110)
DEPRECIATION_INVENTORY = {"y25": D(3660), "y24": D(3428)}


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    # ---------------------------------------------------------------- the numbers
    rr = {k: {"y25": D(a), "y24": D(b)} for k, _, _, a, b in RR + FIN + [DISPOSITIONS, TAX]}
    for y in ("y25", "y24"):
        rr.setdefault("rorelse", {})[y] = dsum(rr[k][y] for k, *_ in RR)
        rr.setdefault("efin", {})[y] = rr["rorelse"][y] + dsum(rr[k][y] for k, *_ in FIN)
        rr.setdefault("fore_skatt", {})[y] = rr["efin"][y] + rr["pfond"][y]
        rr.setdefault("res", {})[y] = rr["fore_skatt"][y] + rr["skatt"][y]
    assert rr["res"]["y25"] == 26322 and rr["res"]["y24"] == 22229

    note = {"y25": dict(ib=D(4812400), inkop=D(38450), omklass=D(112300), ib_avskr=D(-1406220), avskr=D(-94880)),
            "y24": dict(ib=D(4701560), inkop=D(29140), omklass=D(81700), ib_avskr=D(-1317330), avskr=D(-88890))}
    for y, x in note.items():
        x["ub_ansk"] = x["ib"] + x["inkop"] + x["omklass"]
        x["ub_avskr"] = x["ib_avskr"] + x["avskr"]
        x["ub"] = x["ub_ansk"] + x["ub_avskr"]
        assert -(x["avskr"]) + DEPRECIATION_INVENTORY[y] == -rr["avskr"][y]
    assert note["y25"]["ib"] == note["y24"]["ub_ansk"] and note["y25"]["ib_avskr"] == note["y24"]["ub_avskr"]

    br = {"y24": dict(bygg=note["y24"]["ub"], pag=D(96400), inv=D(19830), finat=D(1250), kund=D(3870),
                      ovr_ford=D(9915), forutb=D(7644), kassa=D(52312), ak=D(50000), rf=D(10000), bal=D(318402),
                      res=rr["res"]["y24"], pfonder=D(41300), uppskj=D(18760), kredit=D(2980000), lev=D(35960),
                      skatteskuld=D(2480), ovr_kort=D(7120))}
    utdelning = D(4200)
    b24 = br["y24"]
    br["y25"] = dict(bygg=note["y25"]["ub"], pag=D(96400) + D(141500) - D(112300), inv=D(19830) + D(2772) - D(3660),
                     finat=D(1250), kund=D(3412), ovr_ford=D(12604), forutb=D(8230), kassa=D(46880), ak=D(50000),
                     rf=D(10000), bal=b24["bal"] + b24["res"] - utdelning, res=rr["res"]["y25"],
                     pfonder=b24["pfonder"] - rr["pfond"]["y25"], uppskj=D(19420), kredit=D(3030000), lev=D(38412),
                     skatteskuld=D(3210), ovr_kort=D(6873))
    for y, x in br.items():
        x["mat"] = x["bygg"] + x["pag"] + x["inv"]
        x["at"] = x["mat"] + x["finat"]
        x["ot"] = x["kund"] + x["ovr_ford"] + x["forutb"] + x["kassa"]
        x["tillg"] = x["at"] + x["ot"]
        x["bundet"] = x["ak"] + x["rf"]
        x["fritt"] = x["bal"] + x["res"]
        x["ek"] = x["bundet"] + x["fritt"]
        x["upplupna"] = x["tillg"] - x["ek"] - x["pfonder"] - x["uppskj"] - x["kredit"] - x["lev"] - x["skatteskuld"] - x["ovr_kort"]
        x["kort"] = x["lev"] + x["skatteskuld"] + x["ovr_kort"] + x["upplupna"]
        x["summa"] = x["ek"] + x["pfonder"] + x["uppskj"] + x["kredit"] + x["kort"]
        assert x["summa"] == x["tillg"] and x["upplupna"] > 0

    soliditet = {y: pct(br[y]["ek"] + D("0.794") * br[y]["pfonder"], br[y]["tillg"]) for y in br}

    # ---------------------------------------------------------------- page 1: förvaltningsberättelse
    p = doc.page(boxes=boxes(1))
    p.h(1, "Årsredovisning för räkenskapsåret 2025")
    p.add(f'<div class="subtitle">{ORG} · Org.nr {ORGNR}</div>')
    p.p("Styrelsen och verkställande direktören för Sjöstadshem AB avger härmed årsredovisning för "
        "räkenskapsåret 2025. Om inte annat särskilt anges redovisas alla belopp i tusentals kronor (tkr).")
    p.h(2, "Förvaltningsberättelse")
    p.h(3, "Information om verksamheten")
    p.p("Bolaget är helägt av Sjöstads kommun och har till uppgift att i allmännyttigt syfte förvalta och "
        "bygga bostäder i kommunen. Beståndet omfattar vid årets slut 4 812 lägenheter och 38 000 kvadratmeter "
        "lokaler. Bolaget har sitt säte i Sjöstad.")
    p.h(3, "Väsentliga händelser under räkenskapsåret")
    oms_okn = pct(rr["oms"]["y25"] - rr["oms"]["y24"], rr["oms"]["y24"])
    p.p(f"Under året färdigställdes 36 nya lägenheter i kvarteret Tärnan. Hyrorna höjdes med i genomsnitt 4,8 "
        f"procent från den 1 januari efter förhandling med Hyresgästföreningen. Nettoomsättningen ökade med "
        f"{v('txt/oms_okn', oms_okn, n1)} procent till {v('txt/oms', rr['oms']['y25'] / 1000, n1)} mnkr. "
        f"Räntekostnaderna ökade med {v('txt/ranta', (rr['rantekost']['y24'] - rr['rantekost']['y25']) / 1000, n1)} "
        f"mnkr till följd av högre upplåning; den genomsnittliga räntan var 1,94 procent.")
    fler = Table("fler", "Flerårsöversikt", [Col(y, str(y), T) for y in ("y25", "y24", "y23", "y22")],
                 label_head="tkr", kind="flerårsöversikt", unit="tkr", label_width="40%",
                 conventions={"Soliditet": "(eget kapital + 79,4 % av obeskattade reserver) / balansomslutning"})
    for c, y in zip(fler.cols, (2025, 2024, 2023, 2022)):
        c.head = str(y)
    fler.row("oms", "Nettoomsättning", y25=rr["oms"]["y25"], y24=rr["oms"]["y24"], y23=D(441356), y22=D(423018))
    fler.row("rorelse", "Rörelseresultat", y25=rr["rorelse"]["y25"], y24=rr["rorelse"]["y24"], y23=D(84120),
             y22=D(81905))
    fler.row("efin", "Resultat efter finansiella poster", y25=rr["efin"]["y25"], y24=rr["efin"]["y24"],
             y23=D(44610), y22=D(52377))
    fler.row("balans", "Balansomslutning", y25=br["y25"]["tillg"], y24=br["y24"]["tillg"], y23=D(3512880),
             y22=D(3390215))
    fler.row("sol", "Soliditet, %", fmt=P1, y25=soliditet["y25"], y24=soliditet["y24"], y23=D("11.7"), y22=D("11.9"))
    fler.row("lgh", "Antal lägenheter", y25=D(4812), y24=D(4776), y23=D(4741), y22=D(4705))
    fler.row("uthyr", "Uthyrningsgrad bostäder, %", fmt=P1, y25=D("99.2"), y24=D("99.4"), y23=D("99.1"), y22=D("98.9"))
    p.h(3, "Flerårsöversikt")
    p.table(fler, title=False)
    p.p("Definitioner: Soliditet – justerat eget kapital (eget kapital och 79,4 procent av obeskattade "
        "reserver) i procent av balansomslutningen.", cls="tnote")

    # ---------------------------------------------------------------- page 2: EK, vinstdisposition, RR
    p = doc.page(boxes=boxes(2))
    p.h(3, "Förändring av eget kapital")
    ek = Table("ek", "Förändring av eget kapital", [
        Col("ak", "Aktie-\nkapital", T), Col("rf", "Reserv-\nfond", T), Col("bal", "Balanserat\nresultat", T),
        Col("res", "Årets\nresultat", T), Col("summa", "Summa", T)], label_head="tkr", kind="eget kapital",
        unit="tkr", label_width="34%", conventions={"matrix": "each row adds up to Summa; each column from "
                                                              "Belopp vid årets ingång to Belopp vid årets utgång"})
    ing = dict(ak=b24["ak"], rf=b24["rf"], bal=b24["bal"], res=b24["res"])
    ek.row("ing", "Belopp vid årets ingång", **ing, summa=dsum(ing.values()))
    ek.row("disp", "Disposition enligt årsstämmans beslut", ak="–", rf="–", bal=b24["res"], res=-b24["res"], summa=D(0))
    ek.row("utd", "Utdelning till aktieägaren", ak="–", rf="–", bal=-utdelning, res="–", summa=-utdelning)
    ek.row("arets", "Årets resultat", ak="–", rf="–", bal="–", res=rr["res"]["y25"], summa=rr["res"]["y25"])
    ek.sum("utg", "Belopp vid årets utgång", ["ing", "disp", "utd", "arets"], kind="total")
    u = ek.get("utg").vals
    assert u["summa"] == br["y25"]["ek"] and u["bal"] == br["y25"]["bal"]
    p.table(ek, title=False)
    p.h(3, "Förslag till vinstdisposition")
    # the same equity in kronor: each krona figure rounds to the tkr the statements print
    kr_bal, kr_res = br["y25"]["bal"] * 1000 + 218, rr["res"]["y25"] * 1000 + 406
    kr_utd = D(4600000)
    disp = Table("disp", "Förslag till vinstdisposition (kronor)", [Col("kr", "kronor", KR)], label_head="",
                 kind="vinstdisposition", unit="kronor", cls="narrow", label_width="62%")
    disp.section("s_forfog", "Till årsstämmans förfogande står följande medel:")
    disp.row("bal", "Balanserat resultat", kr=kr_bal)
    disp.row("res", "Årets resultat", kr=kr_res)
    disp.sum("summa", "Summa", ["bal", "res"], kind="sum")
    disp.section("s_disp", "Styrelsen föreslår att medlen disponeras så att")
    disp.row("utd", "till aktieägaren utdelas", kr=kr_utd)
    disp.row("ny", "i ny räkning balanseras", kr=kr_bal + kr_res - kr_utd)
    disp.sum("summa2", "Summa", ["utd", "ny"], kind="sum")
    p.table(disp, title=False)
    p.p("Utdelningen motsvarar kommunens avkastningskrav enligt ägardirektivet, beräknat enligt lagen om "
        "allmännyttiga kommunala bostadsaktiebolag.")

    t = Table("rr", "Resultaträkning", [Col("not", "Not", align="c", cls="not"), Col("y25", "2025", T),
                                        Col("y24", "2024", T)], label_head="tkr", kind="resultaträkning", unit="tkr",
              label_width="60%", title_tag="h2")
    t.section("s_int", "Rörelsens intäkter")
    for key, label, notes, *_ in RR[:2]:
        t.row(key, label, cls="sub", **rr[key], **{"not": notes})
    t.section("s_kost", "Rörelsens kostnader")
    for key, label, notes, *_ in RR[2:]:
        t.row(key, label, cls="sub", **rr[key], **{"not": notes})
    t.sum("rorelse", "Rörelseresultat", [k for k, *_ in RR], kind="sum", **rr["rorelse"], **{"not": ""})
    t.section("s_fin", "Resultat från finansiella poster")
    for key, label, notes, *_ in FIN:
        t.row(key, label, cls="sub", **rr[key], **{"not": notes})
    t.sum("efin", "Resultat efter finansiella poster", ["rorelse"] + [k for k, *_ in FIN], kind="sum", **rr["efin"],
          **{"not": ""})
    t.section("s_disp", "Bokslutsdispositioner")
    t.row("pfond", DISPOSITIONS[1], cls="sub", **rr["pfond"], **{"not": DISPOSITIONS[2]})
    t.sum("fore_skatt", "Resultat före skatt", ["efin", "pfond"], kind="sum", **rr["fore_skatt"], **{"not": ""})
    t.row("skatt", TAX[1], **rr["skatt"], **{"not": TAX[2]})
    t.sum("res", "Årets resultat", ["fore_skatt", "skatt"], kind="total", **rr["res"], **{"not": ""})

    p = doc.page(boxes=boxes(3))
    p.table(t)
    p.p("Resultaträkningen är uppställd enligt kostnadsslagsindelning. Jämförelsetalen för 2024 har inte "
        "räknats om.", cls="tnote")

    # ---------------------------------------------------------------- page 4: BR
    b = Table("br", "Balansräkning", [Col("not", "Not", align="c", cls="not"), Col("y25", "2025-12-31", T),
                                      Col("y24", "2024-12-31", T)], label_head="tkr", kind="balansräkning",
              unit="tkr", label_width="60%", title_tag="h2")

    def brow(key, label, notes="", of=None, kind="data", cls="sub"):
        vals = {"y25": br["y25"][key], "y24": br["y24"][key], "not": notes}
        return b.sum(key, label, of, kind=kind, cls=cls, **vals) if of else b.row(key, label, kind=kind, cls=cls, **vals)

    b.section("s_t", "TILLGÅNGAR", cls="caps")
    b.section("s_mat", "Materiella anläggningstillgångar")
    brow("bygg", "Byggnader och mark", "10")
    brow("pag", "Pågående nyanläggningar", "")
    brow("inv", "Inventarier", "11")
    brow("mat", "Summa materiella anläggningstillgångar", of=["bygg", "pag", "inv"], kind="sum", cls="")
    brow("finat", "Andelar i bostadsrättsföreningar och ekonomiska föreningar", "12", cls="")
    brow("at", "Summa anläggningstillgångar", of=["mat", "finat"], kind="sum", cls="")
    b.section("s_ot", "Omsättningstillgångar")
    brow("kund", "Kundfordringar")
    brow("ovr_ford", "Övriga fordringar")
    brow("forutb", "Förutbetalda kostnader och upplupna intäkter", "13")
    brow("kassa", "Kassa och bank")
    brow("ot", "Summa omsättningstillgångar", of=["kund", "ovr_ford", "forutb", "kassa"], kind="sum", cls="")
    brow("tillg", "SUMMA TILLGÅNGAR", of=["at", "ot"], kind="total", cls="")
    b.section("s_ek", "EGET KAPITAL OCH SKULDER", cls="caps")
    b.section("s_bundet", "Bundet eget kapital")
    brow("ak", "Aktiekapital (500 aktier)")
    brow("rf", "Reservfond")
    brow("bundet", "Summa bundet eget kapital", of=["ak", "rf"], kind="sum", cls="")
    b.section("s_fritt", "Fritt eget kapital")
    brow("bal", "Balanserat resultat")
    brow("res", "Årets resultat")
    brow("fritt", "Summa fritt eget kapital", of=["bal", "res"], kind="sum", cls="")
    brow("ek", "Summa eget kapital", of=["bundet", "fritt"], kind="sum", cls="")
    brow("pfonder", "Obeskattade reserver (periodiseringsfonder)", "7", cls="")
    brow("uppskj", "Avsättningar: uppskjuten skatteskuld", "8", cls="")
    brow("kredit", "Långfristiga skulder: skulder till kreditinstitut", "14", cls="")
    b.section("s_kort", "Kortfristiga skulder")
    brow("lev", "Leverantörsskulder")
    brow("skatteskuld", "Skatteskulder")
    brow("ovr_kort", "Övriga kortfristiga skulder")
    brow("upplupna", "Upplupna kostnader och förutbetalda intäkter", "15")
    brow("kort", "Summa kortfristiga skulder", of=["lev", "skatteskuld", "ovr_kort", "upplupna"], kind="sum", cls="")
    brow("summa", "SUMMA EGET KAPITAL OCH SKULDER", of=["ek", "pfonder", "uppskj", "kredit", "kort"], kind="total",
         cls="")
    p = doc.page(boxes=boxes(4))
    p.table(b)

    # ---------------------------------------------------------------- page 5: notes, signatures
    p = doc.page(boxes=boxes(5))
    p.h(2, "Noter")
    n10 = Table("not10", "Not 10 Byggnader och mark", [Col("y25", "2025-12-31", T), Col("y24", "2024-12-31", T)],
                label_head="tkr", kind="not", unit="tkr", label_width="60%")
    n10.row("ib", "Ingående anskaffningsvärden", **{y: note[y]["ib"] for y in note})
    n10.row("inkop", "Årets inköp", **{y: note[y]["inkop"] for y in note})
    n10.row("omklass", "Omklassificeringar från pågående nyanläggningar", **{y: note[y]["omklass"] for y in note})
    n10.sum("ub_ansk", "Utgående ackumulerade anskaffningsvärden", ["ib", "inkop", "omklass"], kind="sum")
    n10.row("ib_avskr", "Ingående avskrivningar", **{y: note[y]["ib_avskr"] for y in note})
    n10.row("avskr", "Årets avskrivningar", **{y: note[y]["avskr"] for y in note})
    n10.sum("ub_avskr", "Utgående ackumulerade avskrivningar", ["ib_avskr", "avskr"], kind="sum")
    n10.sum("ub", "Utgående redovisat värde", ["ub_ansk", "ub_avskr"], kind="total")
    p.table(n10)
    p.p("Taxeringsvärden: byggnader 3 912 400 tkr (3 640 200), mark 1 104 600 tkr (1 021 300). "
        "Byggnaderna skrivs av enligt komponentmetoden med 15–100 år beroende på komponent.", cls="tnote")
    n11 = Table("not11", "Not 11 Inventarier", [Col("y25", "2025-12-31", T), Col("y24", "2024-12-31", T)],
                label_head="tkr", kind="not", unit="tkr", label_width="60%")
    n11.row("ib", "Ingående redovisat värde", y25=br["y24"]["inv"], y24=br["y24"]["inv"] + DEPRECIATION_INVENTORY["y24"] - D(2105))
    n11.row("inkop", "Årets inköp", y25=D(2772), y24=D(2105))
    n11.row("avskr", "Årets avskrivningar", y25=-DEPRECIATION_INVENTORY["y25"], y24=-DEPRECIATION_INVENTORY["y24"])
    n11.sum("ub", "Utgående redovisat värde", ["ib", "inkop", "avskr"], kind="total")
    assert n11.get("ub").vals["y25"] == br["y25"]["inv"] and n11.get("ub").vals["y24"] == br["y24"]["inv"]
    p.table(n11)
    p.add('<div class="sign"><p>Sjöstad den 12 mars 2026</p><table><tr>'
          '<td>Eva Lundgren<br>Ordförande</td><td>Per Holm</td><td>Aisha Karimi</td></tr><tr>'
          '<td>Lars-Erik Ström</td><td>Mona Berg</td><td>Johan Nyqvist<br>Verkställande direktör</td></tr>'
          '</table><p style="margin-top:6mm">Vår revisionsberättelse har lämnats den 19 mars 2026</p>'
          '<table><tr><td>Karin Sjöberg<br>Auktoriserad revisor</td><td>Gunnar Ek<br>Lekmannarevisor</td>'
          '</tr></table></div>')
