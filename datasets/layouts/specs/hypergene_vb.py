"""A nämnd's verksamhetsberättelse as Hypergene exports it: numbered sections, a table of contents,
an economic summary with signed amounts, a driftredovisning with an "Avvikelse %" column among
the amounts, nämndmål with text verdicts and indicator tables with Utfall / Målvärde."""
from decimal import Decimal as D

from kit.doc import Col, Delta, Inject, Table
from kit.fmt import fmt, number, pct, row_format

NAME = "hypergene-vb"
ORG = "Socialnämnden"
KOMMUN = "Norrbacka kommun"
META = {
    "title": "Socialnämnden – Verksamhetsberättelse 2025",
    "organisation": f"Socialnämnden, {KOMMUN}",
    "kind": "verksamhetsberättelse",
    "year": 2025,
    "unit": "tkr",
    "source_style": "Hypergene-export: numrerade rubriker, innehållsförteckning, sidnumrering 'n(N)'",
    "features": [
        "table of contents with page numbers on page 1",
        "Ekonomisk sammanställning with signed amounts (intäkter +, kostnader −), Avvikelse = utfall − budget, "
        "Avvikelse % = avvikelse / |budget|",
        "driftredovisning with net costs printed positive, Avvikelse = budget − utfall and an 'Avvikelse %' "
        "column between the amounts; a row with budget 0 has '–' as its %",
        "two sign conventions in one document (summary signed, driftredovisning positive costs)",
        "nämndmål with text verdicts ('Målet är uppfyllt', 'Målet är delvis uppfyllt', 'Målet är inte uppfyllt')",
        "indicator tables Utfall 2023 / 2024 / 2025 / Målvärde 2025, '(lägre är bättre)' in the name",
        "personnel table with Kvinnor / Män / Totalt (counts add up; a rate lies between)",
        "prose quoting tkr figures in mnkr with one decimal",
    ],
}

T = fmt(0)                 # tkr, "-1 245"
P1 = fmt(1)                # per cent with one decimal, no sign
INT = fmt(0)

ERRORS = [
    Inject("H1", "budget", "Driftredovisning: Avvikelse for Öppenvård barn och familj printed 512; budget − utfall "
           "is 14 600 − 13 988 = 612 (its Avvikelse % 4,2 agrees with 612, and Summa's Avvikelse no longer adds up)",
           {"drift/oppenvard/avv": D("512")}),
    Inject("H2", "budget", "Driftredovisning: Avvikelse % for Familjehem och HVB barn och unga printed -3,7; "
           "-5 315 / 38 900 = -13,7 %",
           {"drift/hvb/pct": D("-3.7")}),
    Inject("H3", "budget", "Driftredovisning: Summa Utfall 2025 printed 326 078 (digits swapped); the rows add up "
           "to 326 708, and budget − utfall would then not be the printed Avvikelse -8 158",
           {"drift/summa/u": D("326078")}),
    Inject("H4", "goal", "Nämndmål 1 is printed 'Målet är uppfyllt' although two of its three indicators missed "
           "their målvärde (utredningar inom 120 dagar 86 against 90; barn på HVB 19 against at most 12)",
           {"goal/1/verdict": "Målet är uppfyllt"}),
    Inject("H5", "narrative", "Sammanfattning: the deficit is given as 6,2 mnkr; the driftredovisning's "
           "Avvikelse is -8 158 tkr (8,2 mnkr)",
           {"fb/underskott": "6,2"}),
    Inject("H6", "cross-table", "Ekonomisk sammanställning: Kostnader and Nettokostnad for Utfall 2024 are both "
           "2 000 lower; the summary adds up, but its Nettokostnad -307 412 is not the driftredovisning's "
           "Summa Utfall 2024 309 412",
           {"eko/kostnader/u24": Delta(D("2000")), "eko/netto/u24": Delta(D("2000"))}),
    Inject("H7", "indicator", "Personal: Antal tillsvidareanställda Totalt printed 368; kvinnor + män = "
           "312 + 74 = 386",
           {"personal/tillsvidare/tot": D("368")}),
]

CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.4pt; color: #222; }
h1 { font-size: 19pt; color: #005a9c; font-weight: normal; margin: 0 0 1mm; }
.sub { font-size: 12pt; color: #555; margin: 0 0 6mm; }
h2 { font-size: 12.5pt; color: #005a9c; margin: 5mm 0 2mm; border-bottom: 0.6pt solid #005a9c; padding-bottom: 0.8mm; }
h3 { font-size: 10pt; color: #005a9c; margin: 4mm 0 1.2mm; }
h4 { font-size: 8.8pt; margin: 2.5mm 0 1mm; }
p { margin: 0 0 2mm; line-height: 1.4; }
.toc { width: 100%; margin: 2mm 0 6mm; font-size: 9pt; }
.toc td { padding: 0.8mm 0; }
.toc td.dots { border-bottom: 0.6pt dotted #888; width: 100%; }
.toc td.num { padding-left: 2mm; text-align: right; }
table { width: 100%; }
.tbl table { font-size: 8pt; }
th { background: #dbe5f1; color: #10365c; font-weight: bold; padding: 1.2mm 1.5mm; vertical-align: bottom; }
td { padding: 0.9mm 1.5mm; }
tbody tr:nth-child(even) td { background: #f3f6fa; }
tr.sum td, tr.total td { font-weight: bold; border-top: 0.8pt solid #10365c; background: #ffffff; }
.ttitle { font-size: 9pt; color: #10365c; margin: 3mm 0 1mm; }
.verdict { margin: 1mm 0 2mm; }
.verdict b { color: #10365c; }
.tnote { font-size: 7.2pt; color: #555; }
"""
BOX_CSS = "font-family: 'DejaVu Sans'; font-size: 7pt; color: #666;"
PAGES = 5


def boxes(n):
    return {"bottom-left": f"{ORG}, Verksamhetsberättelse 2025", "bottom-right": f"{n}({PAGES})",
            "top-right": KOMMUN}


DRIFT = [  # key, verksamhet, budget 2025, utfall 2025, utfall 2024
    ("ledning", "Nämnd och förvaltningsledning", 18450, 17912, 17604),
    ("myndighet", "Myndighetsutövning barn och unga", 42300, 46871, 43118),
    ("hvb", "Familjehem och HVB barn och unga", 38900, 44215, 40982),
    ("oppenvard", "Öppenvård barn och familj", 14600, 13988, 13402),
    ("missbruk", "Vuxen missbruk och beroende", 22750, 24102, 22891),
    ("ekbistand", "Ekonomiskt bistånd", 36200, 34517, 36844),
    ("arbetsmarknad", "Arbetsmarknad och integration", 19800, 18642, 18210),
    ("lss", "Funktionsstöd LSS", 98400, 101236, 95377),
    ("socialpsykiatri", "Socialpsykiatri", 27150, 26470, 25918),
    ("flykting", "Flyktingmottagande", 0, -1245, -4934),
]

GOALS = [
    ("1", "Barn och unga i behov av stöd får rätt insats i rätt tid", "Målet är delvis uppfyllt", [
        ("Andel barnavårdsutredningar avslutade inom 120 dagar (%)", 78, 81, 86, 90),
        ("Andel placerade barn som är placerade i familjehem (%)", 64, 67, 72, 70),
        ("Antal barn placerade på HVB, 31 december (lägre är bättre)", 14, 17, 19, 12),
    ], "Andelen utredningar som avslutas inom lagstadgad tid har ökat, men målvärdet nås inte. Två "
       "socialsekreterartjänster var vakanta under våren. Andelen familjehemsplaceringar har ökat och "
       "överstiger målvärdet, samtidigt som antalet barn på HVB har ökat, vilket också är den främsta "
       "förklaringen till underskottet. Sammantaget bedöms målet som delvis uppfyllt."),
    ("2", "Fler invånare blir självförsörjande", "Målet är uppfyllt", [
        ("Antal hushåll med ekonomiskt bistånd, genomsnitt per månad (lägre är bättre)", 412, 398, 371, 380),
        ("Andel deltagare i arbetsmarknadsinsats som börjar arbeta eller studera (%)", 38, 41, 46, 45),
        ("Handläggningstid nybesök ekonomiskt bistånd, dagar (lägre är bättre)", 14, 12, 9, 10),
    ], "Antalet hushåll med ekonomiskt bistånd har minskat för tredje året i rad. Samarbetet med "
       "Arbetsförmedlingen inom Jobbtorg Norrbacka har gett fler deltagare en väg till arbete eller studier. "
       "Samtliga indikatorer når sina målvärden och målet bedöms som uppfyllt."),
    ("3", "Brukarna är nöjda med stödet de får", "Målet är uppfyllt", [
        ("Brukarbedömning LSS bostad med särskild service, helhet (%)", 88, 90, 91, 90),
        ("Andel inom socialpsykiatrin som får det stöd de behöver (%)", 79, 81, 83, 80),
    ], "Brukarundersökningarna visar fortsatt höga resultat. Båda indikatorerna når målvärdet."),
    ("4", "Socialnämnden är en attraktiv arbetsgivare", "Målet är inte uppfyllt", [
        ("Sjukfrånvaro, % av ordinarie arbetstid (lägre är bättre)", D("8.9"), D("9.4"), D("9.8"), D("7.5")),
        ("Personalomsättning socialsekreterare, % (lägre är bättre)", 21, 24, 26, 15),
        ("Hållbart medarbetarengagemang, HME (index)", 76, 77, 78, 80),
    ], "Sjukfrånvaron har ökat, främst den långa sjukfrånvaron inom myndighetsutövningen. Personalomsättningen "
       "bland socialsekreterare är fortsatt hög. Ingen av indikatorerna når sitt målvärde och målet bedöms "
       "inte vara uppfyllt. En handlingsplan för arbetsmiljön inom IFO antogs i oktober."),
]


def indicator_table(doc, gid, rows):
    t = Table(f"ind{gid}", f"Indikatorer, nämndmål {gid}", [
        Col("u23", "Utfall 2023"), Col("u24", "Utfall 2024"), Col("u25", "Utfall 2025"),
        Col("mal", "Målvärde 2025")], label_head="Indikator", kind="indikator", label_width="52%")
    for i, (name, *vals) in enumerate(rows, 1):
        t.row(f"i{i}", name, fmt=row_format(vals), **{c: D(x) for c, x in zip(("u23", "u24", "u25", "mal"), vals)})
    return t


def build(doc):
    v = doc.v
    n1 = lambda x: number(x, 1)  # noqa: E731

    drift = Table("drift", "Driftredovisning per verksamhet, tkr", [
        Col("b", "Budget\n2025", T), Col("u", "Utfall\n2025", T), Col("avv", "Avvikelse", T),
        Col("pct", "Avvikelse\n%", P1), Col("u24", "Utfall\n2024", T)], label_head="Verksamhet (nettokostnad)",
        kind="driftredovisning", unit="tkr", label_width="40%",
        conventions={"Avvikelse": "budget − utfall (positive: överskott)",
                     "Avvikelse %": "avvikelse / budget × 100; '–' where the budget is 0"})
    for key, name, b, u, u24 in DRIFT:
        b, u = D(b), D(u)
        drift.row(key, name, b=b, u=u, avv=b - u, pct=pct(b - u, b) if b else "–", u24=D(u24))
    s = drift.sum("summa", "Summa", [k for k, *_ in DRIFT], kind="total", cols=["b", "u", "avv", "u24"])
    s.vals["pct"] = pct(s.vals["avv"], s.vals["b"])
    B, U, U24 = s.vals["b"], s.vals["u"], s.vals["u24"]

    eko = Table("eko", "Ekonomisk sammanställning, tkr", [
        Col("b", "Budget 2025", T), Col("u", "Utfall 2025", T), Col("avv", "Avvikelse", T),
        Col("pct", "Avvikelse %", P1), Col("u24", "Utfall 2024", T)], label_head="", kind="ekonomi", unit="tkr",
        label_width="30%", conventions={"Avvikelse": "utfall − budget (signed amounts)",
                                        "Avvikelse %": "avvikelse / |budget| × 100"})
    intakter = {"b": D(68400), "u": D(74933), "u24": D(71205)}
    kost = {c: -({"b": B, "u": U, "u24": U24}[c] + intakter[c]) for c in ("b", "u", "u24")}
    for key, label, vals in (("intakter", "Intäkter", intakter), ("kostnader", "Kostnader", kost)):
        avv = vals["u"] - vals["b"]
        eko.row(key, label, b=vals["b"], u=vals["u"], avv=avv, pct=pct(avv, abs(vals["b"])), u24=vals["u24"])
    netto = eko.sum("netto", "Nettokostnad", ["intakter", "kostnader"], kind="total", cols=["b", "u", "avv", "u24"])
    netto.vals["pct"] = pct(netto.vals["avv"], abs(netto.vals["b"]))
    assert netto.vals["u"] == -U and netto.vals["b"] == -B

    # ------------------------------------------------------------------ page 1
    p = doc.page(boxes=boxes(1))
    p.h(1, "Verksamhetsberättelse 2025")
    p.add(f'<div class="sub">{ORG} · {KOMMUN}</div>')
    toc = [("1", "Sammanfattning", 1), ("2", "Ekonomi", 2), ("3", "Måluppfyllelse", 3),
           ("4", "Personal", 5), ("5", "Framtid", 5)]
    p.add('<table class="toc"><tbody>' + "".join(
        f'<tr><td>{n}&nbsp;&nbsp;{name}</td><td class="dots"></td><td class="num">{pg}</td></tr>'
        for n, name, pg in toc) + "</tbody></table>")
    p.h(2, "1 Sammanfattning")
    under = -s.vals["avv"]
    p.p(f"Socialnämnden redovisar för 2025 ett underskott mot budget på {v('fb/underskott', under / 1000, n1)} mnkr, "
        f"vilket motsvarar {v('fb/underskott_pct', -s.vals['pct'], n1)} procent av nämndens budget. Underskottet "
        f"förklaras främst av kostnaderna för placeringar av barn och unga, där familjehem och HVB överskrider "
        f"budget med {v('fb/hvb', -drift.get('hvb').vals['avv'] / 1000, n1)} mnkr, och av myndighetsutövningen "
        f"för barn och unga, som överskrider budget med "
        f"{v('fb/myndighet', -drift.get('myndighet').vals['avv'] / 1000, n1)} mnkr till följd av inhyrda "
        f"socialsekreterare.")
    p.p(f"Ekonomiskt bistånd visar ett överskott mot budget på {v('fb/ekb', drift.get('ekbistand').vals['avv'] / 1000, n1)} "
        f"mnkr. Antalet hushåll med ekonomiskt bistånd har minskat till i genomsnitt 371 per månad, vilket är "
        f"lägre än målvärdet 380. Nettokostnaden ökade med "
        f"{v('fb/okning', pct(U - U24, U24), n1)} procent jämfört med 2024.")
    p.p("Av nämndens fyra mål bedöms två som uppfyllda, ett som delvis uppfyllt och ett som inte uppfyllt. "
        "Arbetsmiljön inom individ- och familjeomsorgen är nämndens största utmaning inför 2026, och en "
        "handlingsplan med åtgärder för att minska personalomsättningen antogs av nämnden i oktober.")
    p.h(3, "Viktiga händelser under året")
    p.p("Familjecentralen i Norrbacka centrum öppnade i mars i samverkan med regionen. Jobbtorg Norrbacka "
        "flyttade till nya lokaler i Stationshuset. Ett nytt verksamhetssystem för individ- och familjeomsorgen "
        "infördes i november; införandet har tagit mer tid än beräknat och påverkat handläggningstiderna under "
        "december.")

    # ------------------------------------------------------------------ page 2
    p = doc.page(boxes=boxes(2))
    p.h(2, "2 Ekonomi")
    p.p("Sammanställningen visar nämndens intäkter och kostnader med tecken: intäkter positiva, kostnader "
        "negativa. Positiv avvikelse innebär ett bättre utfall än budget.")
    p.table(eko)
    p.p(f"Intäkterna blev {v('fb/intakt_avv', eko.get('intakter').vals['avv'] / 1000, n1)} mnkr högre än budget, "
        f"främst genom ersättningar från Migrationsverket och riktade statsbidrag för socialtjänstens "
        f"omställning. Kostnaderna överskred budget med "
        f"{v('fb/kost_avv', -eko.get('kostnader').vals['avv'] / 1000, n1)} mnkr.")
    p.table(drift, note="Nettokostnad per verksamhet. Avvikelse = budget − utfall; positiv avvikelse är ett "
                        "överskott. Flyktingmottagandet redovisar en nettointäkt.")
    p.h(3, "Kommentarer per verksamhet")
    p.p(f"<b>Funktionsstöd LSS</b> redovisar ett underskott på "
        f"{v('fb/lss', -drift.get('lss').vals['avv'] / 1000, n1)} mnkr. Två nya beslut om personlig assistans "
        f"enligt LSS med dubbelbemanning har tillkommit under hösten. <b>Vuxen missbruk och beroende</b> "
        f"överskrider budget med {v('fb/missbruk', -drift.get('missbruk').vals['avv'] / 1000, n1)} mnkr till "
        f"följd av fler LVM-placeringar. <b>Arbetsmarknad och integration</b> redovisar ett överskott på "
        f"{v('fb/arbetsm', drift.get('arbetsmarknad').vals['avv'] / 1000, n1)} mnkr på grund av vakanser.")

    # ------------------------------------------------------------------ pages 3-4: goals
    for first, page_goals in ((True, GOALS[:2]), (False, GOALS[2:])):
        p = doc.page(boxes=boxes(len(doc.pages) + 1))
        if first:
            p.h(2, "3 Måluppfyllelse")
            p.p("Nämnden har fyra mål för 2025. Varje mål följs upp med indikatorer; bedömningen görs av "
                "nämnden utifrån indikatorerna och verksamhetens analys.")
        for gid, title, verdict, inds, analys in page_goals:
            p.h(3, f"Nämndmål {gid}: {title}", anchor=True)
            shown = v(f"goal/{gid}/verdict", verdict, where={"goal": gid, "field": "Bedömning"})
            p.add(f'<p class="verdict"><b>Bedömning:</b> {shown}</p>')
            doc.goal(gid, title, "nämndmål", verdict, "text", key=f"goal/{gid}/verdict")
            p.table(indicator_table(doc, gid, inds))
            p.h(4, "Analys", anchor=False)
            p.p(analys)

    # ------------------------------------------------------------------ page 5: personnel, future
    p = doc.page(boxes=boxes(5))
    p.h(2, "4 Personal")
    pers = Table("personal", "Personal 31 december 2025", [
        Col("kv", "Kvinnor"), Col("man", "Män"), Col("tot", "Totalt")], label_head="", kind="personal",
        label_width="50%")
    pers.row("tillsvidare", "Antal tillsvidareanställda", fmt=INT, kv=D(312), man=D(74), tot=D(386))
    pers.row("visstid", "Antal visstidsanställda", fmt=INT, kv=D(41), man=D(12), tot=D(53))
    pers.row("arsarb", "Antal årsarbetare", fmt=P1, kv=D("298.4"), man=D("70.9"), tot=D("369.3"))
    pers.row("sjuk", "Sjukfrånvaro, %", fmt=P1, kv=D("10.6"), man=D("6.5"), tot=D("9.8"))
    p.table(pers)
    p.p("Antalet tillsvidareanställda ökade med 14 personer jämfört med 2024, främst inom funktionsstöd. "
        "Sjukfrånvaron ökade till 9,8 procent (9,4). Kvinnornas sjukfrånvaro är fortsatt betydligt högre än "
        "männens.")
    p.h(2, "5 Framtid")
    p.p("Den nya socialtjänstlagen som träder i kraft den 1 juli 2025 ställer krav på ett mer förebyggande "
        "arbetssätt. Nämnden ser ett fortsatt tryck på placeringar av barn och unga och på insatser enligt LSS. "
        "Budgetramen för 2026 innebär ett effektiviseringskrav på 1,5 procent. För att nå en budget i balans "
        "planeras en utökad satsning på öppenvård på hemmaplan och en översyn av köpta platser.")
