"""A kommun's delårsrapport per 31 augusti: RR with the period, budget, prognosis and deviation, a
bridge from budgeted to forecast result, a driftredovisning per nämnd with Budget helår / Utfall
jan–aug / Prognos helår / Avvikelse (budget − prognos) and the April deviation, investments, and
prose on the prognosis."""
from decimal import Decimal as D

from kit.doc import HC, Col, Delta, Inject, Table
from kit.fmt import dsum, fmt, number

NAME = "delarsrapport-prognos"
ORG = "Granviks kommun"
META = {
    "title": "Granviks kommun – Delårsrapport januari–augusti 2025",
    "organisation": ORG,
    "kind": "delårsrapport",
    "year": 2025,
    "period": "2025-01-01 – 2025-08-31",
    "unit": "mnkr",
    "source_style": "Kommunal delårsrapport (Word), serif brödtext, smala tabeller med rutnät",
    "features": [
        "RR columns: Utfall jan–aug 2025, Utfall jan–aug 2024, Budget 2025, Prognos 2025, Avvikelse "
        "(prognos − budget), Utfall 2024",
        "a result bridge: Budgeterat resultat + deviations = Prognostiserat resultat (= RR's prognos)",
        "driftredovisning: Budget helår, Utfall jan–aug, Prognos helår, Avvikelse = budget − prognos (net costs "
        "positive), and 'Avvikelse per april' (the previous forecast, not derived from the other columns)",
        "the period's result (jan–aug) larger than the full-year forecast, explained in the text",
        "investment table with the same columns; prose quoting prognoses per nämnd",
    ],
}

F = fmt(1)

ERRORS = [
    Inject("D1", "budget", "Driftredovisning: Avvikelse for Vård- och omsorgsnämnden printed 21,3 (prognos − "
           "budget); the table's convention budget − prognos gives 756,3 − 777,6 = -21,3",
           {"drift/von/avv": D("21.3")}),
    Inject("D2", "budget", "Driftredovisning: Summa nämnder, Prognos helår is 10,0 too high: the nämnder add up "
           "to 2 539,4 (and budget − prognos would not be the printed Avvikelse)",
           {"drift/summa/p": Delta(D("10.0"))}),
    Inject("D3", "narrative", "Nämndernas prognoser: Vård- och omsorgsnämnden's deficit is given as 23,1 mnkr; "
           "the driftredovisning's Avvikelse is -21,3",
           {"txt/von": "23,1"}),
    Inject("D4", "statement", "RR: Verksamhetens resultat, Prognos 2025, printed 66,3; nettokostnader + "
           "skatteintäkter + statsbidrag = -2 680,5 + 2 262,4 + 471,2 = 53,1",
           {"rr/vres/p": D("66.3")}),
    Inject("D5", "cross-table", "Resultatprognos: Nämndernas prognostiserade avvikelse and Prognostiserat resultat "
           "are both 1,8 higher; the bridge adds up, but -36,8 is not the driftredovisning's -38,6 and 33,2 is "
           "not the RR's Prognos 31,4",
           {"bridge/namnder/x": Delta(D("1.8")), "bridge/prognos/x": Delta(D("1.8"))}),
    Inject("D6", "narrative", "Sammanfattning: the period's investments are given as 148,2 tkr; the investment "
           "table prints 148,2 mnkr (unit slip)",
           {"txt/inv_unit": "tkr"}),
    Inject("D7", "budget", "Investeringar: Avvikelse for Samhällsbyggnadsnämnden printed 45,8; budget − prognos "
           "is 198,5 − 150,0 = 48,5 (Summa's Avvikelse no longer adds up)",
           {"inv/sbn/avv": D("45.8")}),
]

CSS = """
body { font-family: 'Liberation Serif', serif; font-size: 10.5pt; color: #111; }
h1 { font-family: 'Liberation Sans'; font-size: 18pt; font-weight: bold; margin: 0 0 2mm; color: #213a5c; }
h2 { font-family: 'Liberation Sans'; font-size: 13pt; margin: 5mm 0 2mm; color: #213a5c; }
h3 { font-family: 'Liberation Sans'; font-size: 10.5pt; margin: 3.5mm 0 1mm; }
p { margin: 0 0 2.5mm; line-height: 1.32; text-align: justify; }
.tbl table { font-family: 'Liberation Sans Narrow', 'Liberation Sans'; font-size: 8.8pt; width: 100%; }
th { border: 0.5pt solid #9aa7b8; background: #e9eef5; padding: 1mm 1.4mm; text-align: center; font-weight: bold; }
td { border: 0.5pt solid #c5ced9; padding: 0.8mm 1.4mm; }
tr.sum td, tr.total td { font-weight: bold; background: #f2f5f9; }
.ttitle { font-family: 'Liberation Sans'; font-size: 10pt; margin: 4mm 0 1mm; }
.tnote { font-size: 8.5pt; font-style: italic; margin-top: 1mm; }
.keys { display: flex; gap: 3mm; margin: 4mm 0; }
.key { flex: 1; border: 0.6pt solid #213a5c; padding: 2mm 3mm; font-family: 'Liberation Sans'; }
.key .n { font-size: 15pt; font-weight: bold; color: #213a5c; }
.key .t { font-size: 8pt; }
"""
BOX_CSS = "font-family: 'Liberation Sans'; font-size: 7.5pt;"


def boxes(n):
    return {"bottom-center": f"{ORG} – Delårsrapport januari–augusti 2025", "bottom-right": f"Sida {n}"}


RR_COLS = ("ja25", "ja24", "b", "p", "u24")
RR_IN = {  # jan–aug 2025, jan–aug 2024, budget 2025, prognos 2025, utfall 2024; kostnader is the remainder
    "intakter": ("412.8", "389.1", "598.0", "611.4", "604.2"),
    "avskr": ("-86.4", "-81.0", "-132.0", "-129.6", "-122.8"),
    "skatt": ("1508.2", "1452.6", "2252.6", "2262.4", "2186.5"),
    "statsbidrag": ("312.9", "296.4", "466.9", "471.2", "448.3"),
    "finint": ("9.1", "8.4", "12.0", "13.6", "12.9"),
    "finkost": ("-25.6", "-22.3", "-38.0", "-35.3", "-33.8"),
}
NAMNDER = [  # key, nämnd, budget helår, utfall jan–aug, prognos helår, avvikelse per april
    ("ks", "Kommunstyrelsen", "198.4", "124.9", "194.9", "2.0"),
    ("bun", "Barn- och utbildningsnämnden", "1024.6", "668.2", "1036.8", "-8.0"),
    ("von", "Vård- och omsorgsnämnden", "756.3", "512.7", "777.6", "-15.5"),
    ("son", "Socialnämnden", "268.9", "184.5", "279.1", "-6.0"),
    ("kfn", "Kultur- och fritidsnämnden", "84.2", "55.9", "84.0", "0.0"),
    ("sbn", "Samhällsbyggnadsnämnden", "142.7", "89.6", "141.4", "0.5"),
    ("bmn", "Bygg- och miljönämnden", "21.8", "13.2", "21.5", "0.0"),
    ("ofn", "Överförmyndarnämnden", "3.9", "2.7", "4.1", "-0.2"),
]
INVEST = [
    ("ks", "Kommunstyrelsen", "24.0", "9.8", "18.5"),
    ("bun", "Barn- och utbildningsnämnden", "162.0", "71.4", "140.0"),
    ("von", "Vård- och omsorgsnämnden", "15.5", "4.2", "12.0"),
    ("kfn", "Kultur- och fritidsnämnden", "22.0", "12.9", "21.5"),
    ("sbn", "Samhällsbyggnadsnämnden", "198.5", "49.9", "150.0"),
]
RESULT = {"ja25": D("112.5"), "ja24": D("98.7"), "b": D("44.2"), "u24": D("38.6")}


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    drift = Table("drift", "Driftredovisning per nämnd, mnkr", [
        Col("b", "Budget\nhelår", F), Col("u", "Utfall\njan–aug", F), Col("p", "Prognos\nhelår", F),
        Col("avv", "Avvikelse", F), Col("apr", "Avvikelse\nper april", F)], label_head="Nämnd (nettokostnad)",
        kind="driftredovisning", unit="mnkr", label_width="36%",
        conventions={"Avvikelse": "budget − prognos (positive: överskott)",
                     "Avvikelse per april": "the deviation forecast in the April report; not derived"})
    for key, name, b, u, p_, apr in NAMNDER:
        drift.row(key, name, b=D(b), u=D(u), p=D(p_), avv=D(b) - D(p_), apr=D(apr))
    drift.sum("summa", "Summa nämnder", [k for k, *_ in NAMNDER], kind="total")
    namnd_avv = drift.get("summa").vals["avv"]

    rr = {k: dict(zip(RR_COLS, (D(x) for x in xs))) for k, xs in RR_IN.items()}
    # the bridge decides the forecast result
    bridge_items = [("namnder", "Nämndernas prognostiserade avvikelse", namnd_avv),
                    ("skatt", "Skatteintäkter, generella statsbidrag och utjämning", None),
                    ("pension", "Pensionskostnader", D("-6.2")),
                    ("finans", "Finansnetto", None),
                    ("ovrigt", "Övriga poster i finansförvaltningen (AFA-återbetalning, exploatering)", D("13.6"))]
    skatt_avv = (rr["skatt"]["p"] - rr["skatt"]["b"]) + (rr["statsbidrag"]["p"] - rr["statsbidrag"]["b"])
    fin_avv = (rr["finint"]["p"] - rr["finint"]["b"]) + (rr["finkost"]["p"] - rr["finkost"]["b"])
    values = {"namnder": namnd_avv, "skatt": skatt_avv, "pension": D("-6.2"), "finans": fin_avv, "ovrigt": D("13.6")}
    RESULT["p"] = RESULT["b"] + dsum(values.values())
    rest = {"intakter", "avskr", "skatt", "statsbidrag", "finint", "finkost"}
    rr["kostnader"] = {c: RESULT[c] - dsum(rr[k][c] for k in rest) for c in RR_COLS}
    for c in RR_COLS:
        rr.setdefault("netto", {})[c] = rr["intakter"][c] + rr["kostnader"][c] + rr["avskr"][c]
        rr.setdefault("vres", {})[c] = rr["netto"][c] + rr["skatt"][c] + rr["statsbidrag"][c]
        rr.setdefault("efin", {})[c] = rr["vres"][c] + rr["finint"][c] + rr["finkost"][c]
        rr.setdefault("res", {})[c] = rr["efin"][c]
        assert rr["res"][c] == RESULT[c]

    t = Table("rr", "Resultaträkning, mnkr", [Col(c, fmt=F) for c in ("ja25", "ja24", "b", "p", "avv", "u24")],
              head=[[HC("mnkr", rowspan=2, cls="l"), HC("Utfall jan–aug", colspan=2), HC("Helår 2025", colspan=3),
                     HC("Utfall\n2024", rowspan=2)],
                    [HC("2025"), HC("2024"), HC("Budget"), HC("Prognos"), HC("Avvikelse")]],
              kind="resultaträkning", unit="mnkr", label_width="34%",
              conventions={"Avvikelse": "prognos − budget (positive: better than budget)"})
    labels = [("intakter", "Verksamhetens intäkter", None), ("kostnader", "Verksamhetens kostnader", None),
              ("avskr", "Avskrivningar", None), ("netto", "Verksamhetens nettokostnader", ["intakter", "kostnader", "avskr"]),
              ("skatt", "Skatteintäkter", None), ("statsbidrag", "Generella statsbidrag och utjämning", None),
              ("vres", "Verksamhetens resultat", ["netto", "skatt", "statsbidrag"]),
              ("finint", "Finansiella intäkter", None), ("finkost", "Finansiella kostnader", None),
              ("efin", "Resultat efter finansiella poster", ["vres", "finint", "finkost"]),
              ("res", "Periodens/årets resultat", ["efin"])]
    for key, label, of in labels:
        vals = {c: rr[key][c] for c in RR_COLS}
        vals["avv"] = rr[key]["p"] - rr[key]["b"]
        if of:
            t.sum(key, label, of, kind="total" if key == "res" else "sum", **vals)
        else:
            t.row(key, label, **vals)

    inv = Table("inv", "Investeringar per nämnd, mnkr", [
        Col("b", "Budget\nhelår", F), Col("u", "Utfall\njan–aug", F), Col("p", "Prognos\nhelår", F),
        Col("avv", "Avvikelse", F)], label_head="Nämnd", kind="investeringsredovisning", unit="mnkr",
        label_width="40%", conventions={"Avvikelse": "budget − prognos"})
    for key, name, b, u, p_ in INVEST:
        inv.row(key, name, b=D(b), u=D(u), p=D(p_), avv=D(b) - D(p_))
    inv.sum("summa", "Summa nettoinvesteringar", [k for k, *_ in INVEST], kind="total")
    isum = inv.get("summa").vals

    # ---------------------------------------------------------------- page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Delårsrapport januari–augusti 2025")
    p.p("Delårsrapporten omfattar perioden 1 januari–31 augusti 2025 och har upprättats enligt lagen om "
        "kommunal bokföring och redovisning samt RKR:s rekommendation R17 Delårsrapport. Rapporten innehåller "
        "en prognos för helåret.")
    keys = [(rr["res"]["ja25"], "Periodens resultat, mnkr"), (rr["res"]["p"], "Prognos årets resultat, mnkr"),
            (rr["res"]["b"], "Budgeterat resultat, mnkr"), (isum["u"], "Nettoinvesteringar jan–aug, mnkr")]
    p.add('<div class="keys">' + "".join(
        f'<div class="key"><div class="n">{v("key/" + str(i), x, F)}</div><div class="t">{label}</div></div>'
        for i, (x, label) in enumerate(keys)) + "</div>")
    p.h(2, "Sammanfattning")
    p.p(f"Periodens resultat uppgår till {v('txt/res', rr['res']['ja25'], n1)} mnkr, att jämföra med "
        f"{v('txt/res24', rr['res']['ja24'], n1)} mnkr för motsvarande period 2024. Resultatet för perioden är "
        f"högre än helårsprognosen eftersom semesterlöneskulden är som lägst i augusti och flera större "
        f"underhållsinsatser genomförs under hösten.")
    p.p(f"Prognosen för årets resultat är {v('txt/prognos', rr['res']['p'], n1)} mnkr, vilket är "
        f"{v('txt/prognos_avv', rr['res']['b'] - rr['res']['p'], n1)} mnkr lägre än det budgeterade resultatet på "
        f"{v('txt/budget', rr['res']['b'], n1)} mnkr. Nämnderna prognostiserar sammantaget ett underskott mot "
        f"budget på {v('txt/namnder', -namnd_avv, n1)} mnkr, som delvis vägs upp av högre skatteintäkter och "
        f"generella statsbidrag, {v('txt/skatt', skatt_avv, n1)} mnkr, och av återbetalda premier från AFA "
        f"Försäkring.")
    p.p(f"Nettoinvesteringarna uppgick under perioden till {v('txt/inv', isum['u'], n1)} "
        f"{v('txt/inv_unit', 'mnkr')}. Prognosen för helåret är {v('txt/inv_p', isum['p'], n1)} mnkr, vilket är "
        f"{v('txt/inv_avv', isum['avv'], n1)} mnkr lägre än budget, främst beroende på att utbyggnaden av "
        f"vatten och avlopp i Lövnäs har senarelagts till 2026.")
    p.h(3, "Balanskravet")
    p.p("Med nuvarande prognos uppfyller kommunen balanskravet för 2025. Inga realisationsvinster är "
        "prognostiserade. Fullmäktiges finansiella mål om ett resultat på minst 1,5 procent av skatteintäkter "
        "och generella statsbidrag bedöms inte nås för helåret.")

    # ---------------------------------------------------------------- page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "Resultaträkning")
    p.p("Resultaträkningen redovisar utfall för perioden januari–augusti, budget och prognos för helåret "
        "samt utfall för helåret 2024. Avvikelsen avser prognos jämfört med budget; ett positivt värde "
        "innebär ett bättre resultat än budgeterat.")
    p.table(t, title=False)
    bridge = Table("bridge", "Resultatprognos jämfört med budget, mnkr", [Col("x", "mnkr", F)], label_head="",
                   kind="resultatbrygga", unit="mnkr", label_width="78%")
    bridge.row("budget", "Budgeterat resultat", x=rr["res"]["b"])
    for key, label, _ in bridge_items:
        bridge.row(key, label, x=values[key])
    bridge.sum("prognos", "Prognostiserat resultat", ["budget"] + [k for k, *_ in bridge_items], kind="total")
    assert bridge.get("prognos").vals["x"] == rr["res"]["p"]
    p.h(3, "Från budgeterat till prognostiserat resultat")
    p.table(bridge, title=False)
    p.p("Pensionskostnaderna ökar till följd av KPA:s nya prognos i augusti. Finansnettot påverkas positivt "
        "av lägre räntor på nyupplåning än budgeterat.")

    # ---------------------------------------------------------------- page 3
    p = doc.page(boxes=boxes(3))
    p.h(2, "Driftredovisning")
    p.p("Tabellen visar nämndernas nettokostnader. Avvikelse är skillnaden mellan budget och prognos för "
        "helåret; negativ avvikelse innebär ett prognostiserat underskott. Kolumnen Avvikelse per april visar "
        "prognosen i delårsrapporten per den 30 april.")
    p.table(drift)
    p.h(2, "Investeringar")
    p.table(inv)
    p.p("Av Barn- och utbildningsnämndens investeringar avser 121,5 mnkr nya Granviksskolan, som tas i bruk "
        "till höstterminen 2026.", cls="tnote")

    # ---------------------------------------------------------------- page 4
    p = doc.page(boxes=boxes(4))
    p.h(2, "Nämndernas prognoser")
    g = lambda k: drift.get(k).vals  # noqa: E731
    p.p(f"<b>Vård- och omsorgsnämnden</b> prognostiserar ett underskott på {v('txt/von', -g('von')['avv'], n1)} "
        f"mnkr, en försämring med {v('txt/von_forand', g('von')['apr'] - g('von')['avv'], n1)} mnkr sedan april. "
        f"Underskottet beror på fler beviljade hemtjänsttimmar, i genomsnitt 4 200 timmar per månad mot budgeterade "
        f"3 800, och på köp av platser i särskilt boende medan Solgårdens ombyggnad pågår.")
    p.p(f"<b>Barn- och utbildningsnämnden</b> prognostiserar ett underskott på "
        f"{v('txt/bun', -g('bun')['avv'], n1)} mnkr. Elevantalet i grundskolan är lägre än budgeterat samtidigt "
        f"som kostnaderna för tilläggsbelopp och skolskjuts ökar. Nämnden har beslutat om en åtgärdsplan som "
        f"beräknas minska underskottet under hösten.")
    p.p(f"<b>Socialnämnden</b> prognostiserar ett underskott på {v('txt/son', -g('son')['avv'], n1)} mnkr, främst "
        f"inom placeringar av barn och unga. <b>Kommunstyrelsen</b> prognostiserar ett överskott på "
        f"{v('txt/ks', g('ks')['avv'], n1)} mnkr till följd av vakanta tjänster och lägre kostnader för "
        f"IT-licenser. Övriga nämnder prognostiserar ett utfall i nivå med budget.")
    p.h(3, "Åtgärder")
    p.p("Kommunstyrelsen har uppmanat nämnder med prognostiserade underskott att vidta åtgärder för att nå "
        "en budget i balans. Vård- och omsorgsnämnden och socialnämnden ska redovisa åtgärdsplaner till "
        "kommunstyrelsen i oktober. Anställningsprövning tillämpas i hela kommunen från den 1 september.")
    p.h(3, "Osäkerhet i prognosen")
    p.p("Skatteprognosen bygger på SKR:s cirkulär i augusti. En svagare konjunktur under hösten kan ge lägre "
        "skatteintäkter. Prognoserna för placeringar inom socialtjänsten är osäkra, eftersom enstaka "
        "placeringar kan kosta flera miljoner kronor per år.")
