# Provenance record for the hand-checked tables in this folder (run: python3 _hand_spec.py).
# Hand-made spec: every line range and value below was read by hand from
# datasets/stockholm-ks-vb-2017.txt. The script only joins text pieces
# (by the text rule) and maps copy-1 line numbers to copy-2 where the text is unchanged.
import csv, difflib, re, sys, os
HERE=os.path.dirname(os.path.abspath(__file__))
SRC=os.path.join(HERE,'..','..','stockholm-ks-vb-2017.txt')
OUT=HERE+os.sep
L=open(SRC,encoding='utf-8').read().split('\n')
def line(n): return L[n-1]

def join(ranges):
    out=''; glue=False
    for a,b in ranges:
        for n in range(a,b+1):
            s=line(n)
            assert s.strip(), (n,'blank line in range')
            assert not re.match(r'^\s*2017-\d\d-\s*$',s), (n,'date in range')
            piece=s.lstrip()
            if out and not glue: out+=' '
            out+=piece
            glue = not s.endswith(' ')
    return re.sub(r' +',' ',out).strip()

# ---- copy-1 -> copy-2 line mapping (equal blocks and 1:1 replaced lines)
def seq(a,b): return [(i+1,L[i]) for i in range(a-1,b) if L[i].strip()]
A=seq(304,3649); B=seq(3650,6990)
sm=difflib.SequenceMatcher(None,[x[1] for x in A],[x[1] for x in B],autojunk=False)
M={}
for tag,i1,i2,j1,j2 in sm.get_opcodes():
    if tag=='equal' or (tag=='replace' and i2-i1==j2-j1):
        for k in range(i2-i1): M[A[i1+k][0]]=B[j1+k][0]
def m(n):
    if n not in M: raise KeyError(f'line {n} has no copy-2 counterpart; give override')
    return M[n]
def mranges(rs):
    out=[]
    for a,b in rs:
        a2,b2=m(a),m(b)
        # range must stay contiguous in copy 2 (same number of non-blank lines)
        assert [line(x).strip() for x in range(a,b+1) if line(x).strip()]==[line(x).strip() for x in range(a2,b2+1) if line(x).strip()], (a,b,a2,b2)
        out.append((a2,b2))
    return out

# ---- goals (copy 1): id, level, parent, title line range, status line (or None)
G=[
('1','inriktningsmål','',(411,411),None),
('1.1','kf-mål','1',(414,414),416),
('1.1-N1','nämndmål','1.1',(428,428),430),
('1.1-N2','nämndmål','1.1',(488,489),491),
('1.2','kf-mål','1',(584,584),586),
('1.2-N1','nämndmål','1.2',(606,606),608),
('1.3','kf-mål','1',(663,663),665),
('1.3-N1','nämndmål','1.3',(751,751),753),
('1.4','kf-mål','1',(794,794),796),
('1.4-N1','nämndmål','1.4',(881,882),884),
('1.5','kf-mål','1',(958,958),960),
('1.5-N1','nämndmål','1.5',(993,994),996),
('1.6','kf-mål','1',(1015,1015),1017),
('1.6-N1','nämndmål','1.6',(1027,1028),1030),
('1.7','kf-mål','1',(1064,1064),1066),
('1.7-N1','nämndmål','1.7',(1082,1083),1085),
('2','inriktningsmål','',(1206,1206),None),
('2.1','kf-mål','2',(1209,1209),1211),
('2.1-N1','nämndmål','2.1',(1230,1230),1232),
('2.2','kf-mål','2',(1339,1339),1341),
('2.2-N1','nämndmål','2.2',(1364,1364),1366),
('2.3','kf-mål','2',(1413,1413),1415),
('2.3-N1','nämndmål','2.3',(1432,1433),1435),
('2.3-N2','nämndmål','2.3',(1454,1455),1457),
('2.4','kf-mål','2',(1501,1501),1503),
('2.4-N1','nämndmål','2.4',(1511,1511),1513),
('2.5','kf-mål','2',(1528,1528),1530),
('2.5-N1','nämndmål','2.5',(1541,1542),1544),
('3','inriktningsmål','',(1556,1556),None),
('3.1','kf-mål','3',(1559,1559),1561),
('3.1-N1','nämndmål','3.1',(1617,1618),1620),
('3.2','kf-mål','3',(1706,1706),1708),
('3.2-N1','nämndmål','3.2',(1722,1723),1725),
('3.3','kf-mål','3',(1756,1756),1758),
('3.3-N1','nämndmål','3.3',(1863,1864),1866),
('3.4','kf-mål','3',(1936,1936),1938),
('3.5','kf-mål','3',(1949,1949),1951),
('3.5-N1','nämndmål','3.5',(2125,2126),2128),
('3.5-N2','nämndmål','3.5',(2140,2141),2143),
('3.5-N3','nämndmål','3.5',(2164,2166),2168),
('3.5-N4','nämndmål','3.5',(2229,2230),2232),
('3.5-N5','nämndmål','3.5',(2314,2315),2317),
('3.5-N6','nämndmål','3.5',(2431,2432),2434),
('4','inriktningsmål','',(2494,2494),None),
('4.1','kf-mål','4',(2497,2497),2499),
('4.1-N1','nämndmål','4.1',(2561,2562),2564),
('4.2','kf-mål','4',(2632,2632),2634),
('4.2-N1','nämndmål','4.2',(2729,2729),2731),
('4.2-N2','nämndmål','4.2',(2785,2785),2787),
('4.2-N3','nämndmål','4.2',(2797,2798),2800),
('4.2-N4','nämndmål','4.2',(2840,2840),2842),
('4.3','kf-mål','4',(2875,2876),2878),
('4.3-N1','nämndmål','4.3',(2890,2891),2893),
('4.4','kf-mål','4',(3021,3022),3024),
('4.4-N1','nämndmål','4.4',(3036,3037),3039),
('4.5','kf-mål','4',(3087,3087),3089),
('4.5-N1','nämndmål','4.5',(3097,3098),3100),
('4.6','kf-mål','4',(3112,3112),3114),
('4.6-N1','nämndmål','4.6',(3136,3137),3139),
('4.6-N2','nämndmål','4.6',(3188,3190),3192),
('4.7','kf-mål','4',(3277,3277),3279),
('4.7-N1','nämndmål','4.7',(3296,3297),3299),
('4.8','kf-mål','4',(3336,3336),3338),
('4.8-N1','nämndmål','4.8',(3394,3394),3396),
]
STATUS={'Uppfylls helt':'helt','Uppfylls delvis':'delvis','Uppfylls inte':'inte'}
def goal_rows(copy):
    rows=[]
    for gid,lev,par,(a,b),st in G:
        if copy==2: (a,b),=mranges([(a,b)]); st=m(st) if st else None
        t=join([(a,b)])
        if lev=='inriktningsmål': t=re.sub(r'^\d+\.\s+','',t)
        else: t=re.sub(r'^\d+\.\d+\s+','',t)
        if st: stext=line(st).strip(); status=STATUS[stext]
        else: stext=''; status='saknas'
        rows.append(dict(id=gid,level=lev,parent=par,title=t,status=status,status_text=stext,line=a,copy=copy))
    return rows

# ---- indicators: goal, name ranges copy1, name ranges copy2 (None = map), value-line ranges copy1 (for display), values
AMB3='previous;target;kf_target'
I=[
('1.3',[(733,742)],None,[(744,744)],dict(outcome=80,unit='%',previous=100,target=100,target_unit='%',kf_target=100,kf_target_unit='%',period='2017')),
('1.4',[(866,870)],None,[(872,878)],dict(outcome=847,unit='st',previous=618,target=2460,target_unit='st',kf_target=2460,kf_target_unit='st',period='2017')),
('3.1',[(1606,1612)],None,[(1614,1614)],dict(outcome=58,unit='%',target=76.9,target_unit='',kf_target=76.9,kf_target_unit='%',period='2017',ambiguous_fields=AMB3)),
('3.3',[(1799,1803)],None,[(1805,1809)],dict(outcome=0,unit='st',previous=3,target=2,target_unit='st',kf_target=850,kf_target_unit='st',period='VB 2017')),
('3.3',[(1811,1823)],None,[(1825,1829)],dict(outcome=1,unit='st',outcome_men=1,outcome_women=0,previous=1,target=5,target_unit='st',kf_target=500,kf_target_unit='st',period='VB 2017')),
('3.3',[(1831,1836)],None,[(1838,1842)],dict(outcome=7,unit='',previous=4,target=5,target_unit='st',kf_target=8500,kf_target_unit='st',period='2017')),
('3.3',[(1844,1847),(1859,1860)],[(5181,5186)],[(1849,1853)],dict(outcome=35,unit='st',outcome_men=12,outcome_women=23,previous=8,target=7,target_unit='st',kf_target=8500,kf_target_unit='st',period='2017')),
('3.5',[(2010,2018)],None,[(2020,2020)],dict(kf_target=30,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('3.5',[(2022,2030)],None,[(2032,2032)],dict(kf_target=34,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('3.5',[(2034,2037),(2041,2044)],[(5364,5371)],[(2039,2040)],dict(outcome=93.01,unit='%',previous=93.72,target=100,target_unit='%',kf_target=100,kf_target_unit='%',period='VB 2017')),
('3.5',[(2046,2053)],[(5376,5378),(5382,5386)],[(2055,2056)],dict(outcome=93,unit='%',previous=93.7,target=100,target_unit='%',kf_target=100,kf_target_unit='%',period='VB 2017')),
('3.5',[(2058,2062)],None,[(2064,2070)],dict(outcome=0,unit='%',previous=0,target=1,target_unit='%',target_text='+/- 1 %',kf_target=1,kf_target_unit='%',kf_target_text='+/- 1 %',period='2017')),
('3.5',[(2072,2076)],None,[(2078,2082)],dict(kf_target=0.1,kf_target_unit='mnkr',period='VB 2017',ambiguous_fields='target;kf_target')),
('3.5',[(2084,2090)],None,[(2092,2092)],dict(kf_target=7,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('3.5',[(2094,2100)],None,[(2102,2102)],dict(kf_target=100,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('3.5',[(2104,2110)],None,[(2112,2112)],dict(kf_target=30,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('3.5',[(2114,2120)],None,[(2122,2122)],dict(kf_target=34,kf_target_unit='%',period='2017',ambiguous_fields='target;kf_target')),
('4.1',[(2541,2549)],None,[(2551,2552)],dict(outcome=35.71,unit='%',target=100,target_unit='%',kf_target=100,kf_target_unit='%',period='VB 2017',ambiguous_fields=AMB3)),
('4.2',[(2678,2679),(2682,2683)],[(6006,6009)],[(2681,2681)],dict(outcome=80,unit='',target=85,target_unit='',kf_target=83,kf_target_unit='',period='2017',ambiguous_fields=AMB3)),
('4.2',[(2685,2687)],None,[(2689,2689)],dict(outcome=87,unit='',target=87,target_unit='',kf_target=83,kf_target_unit='',period='2017',ambiguous_fields=AMB3)),
('4.2',[(2691,2695)],[(6019,6021),(6033,6034)],[(2697,2701)],dict(outcome=80,unit='',target=80,target_unit='',kf_target_text='fastställs 2017',period='2017',ambiguous_fields='previous;target')),
('4.2',[(2703,2704)],None,[(2706,2713)],dict(outcome=2.5,unit='%',outcome_men=1.5,outcome_women=3,previous=2.1,target=3,target_unit='%',kf_target_text='tas fram av nämnden',period='VB 2017')),
('4.2',[(2715,2717)],None,[(2719,2726)],dict(outcome=0.9,unit='%',outcome_men=0.7,outcome_women=1,target=1,target_unit='%',kf_target_text='tas fram av nämnden',period='VB 2017',ambiguous_fields='previous;target')),
('4.8',[(3380,3389)],None,[(3391,3391)],dict(outcome=100,unit='%',target=100,target_unit='%',kf_target=80,kf_target_unit='%',period='2017',ambiguous_fields=AMB3)),
]
ICOLS='goal,name,outcome,outcome_men,outcome_women,previous,target,kf_target,unit,target_unit,kf_target_unit,target_text,kf_target_text,period,period_year,ambiguous_fields,line,copy'.split(',')
def num(v):
    if v is None or v=='': return ''
    s=('%.4f'%v).rstrip('0').rstrip('.')
    return s
def ind_rows(copy, show=False):
    rows=[]
    for goal,nr,nr2,vr,v in I:
        if copy==2: nr = nr2 if nr2 else mranges(nr)
        r={k:'' for k in ICOLS}
        r.update(goal=goal,name=join(nr),line=nr[0][0],copy=copy,period_year=2017)
        for k,val in v.items():
            r[k]=num(val) if k in ('outcome','outcome_men','outcome_women','previous','target','kf_target') else val
        rows.append(r)
        if show:
            raw=' | '.join(line(n) for a,b in vr for n in range(a,b+1) if line(n).strip())
            print(copy, r['line'], r['name'], '<<', raw, '>>', {k:r[k] for k in ICOLS[2:15] if r[k]!=''})
    return rows

# ---- activities: goal, text ranges copy1, text ranges copy2 (None=map), start, end, deviation
Y='2017-01-01'; E='2017-12-31'
ACT=[
('1.1-N1',[(458,462)],None,Y,E,False),
('1.1-N1',[(470,477),(484,485)],[(3815,3824)],Y,E,False),
('1.1-N2',[(523,533)],None,Y,E,False),
('1.1-N2',[(541,546)],None,Y,E,False),
('1.1-N2',[(554,560)],None,Y,E,True),
('1.2-N1',[(629,634)],None,Y,E,False),
('1.2-N1',[(642,646)],None,Y,E,False),
('1.2-N1',[(653,654)],None,Y,E,False),
('1.3-N1',[(780,785)],None,Y,E,False),
('1.4-N1',[(919,921),(928,930)],[(4258,4263)],Y,E,False),
('1.4-N1',[(932,934)],None,Y,E,False),
('1.4-N1',[(942,949)],[(4281,4286),(4293,4294)],Y,E,False),
('1.5',[(980,984)],None,Y,E,False),
('1.6-N1',[(1052,1055)],None,Y,E,False),
('1.7-N1',[(1110,1116)],None,Y,E,False),
('1.7-N1',[(1124,1133)],None,Y,E,False),
('1.7-N1',[(1141,1146)],None,Y,E,True),
('1.7-N1',[(1165,1167),(1174,1179)],[(4504,4512)],Y,E,False),
('1.7-N1',[(1181,1185)],None,Y,E,False),
('1.7-N1',[(1193,1197)],None,Y,E,False),
('2.1-N1',[(1279,1284)],None,Y,E,False),
('2.1-N1',[(1292,1293)],None,Y,E,False),
('2.1-N1',[(1301,1304)],None,Y,E,False),
('2.1-N1',[(1312,1317)],None,Y,E,False),
('2.1-N1',[(1325,1330)],None,Y,E,False),
('2.2-N1',[(1387,1393)],None,Y,E,False),
('2.2-N1',[(1401,1404)],None,Y,E,False),
('2.3-N2',[(1487,1490),(1497,1498)],[(4824,4829)],Y,E,False),
('3.1-N1',[(1647,1648)],None,Y,E,False),
('3.1-N1',[(1655,1658)],None,Y,E,False),
('3.1-N1',[(1666,1671)],[(5002,5005),(5012,5013)],Y,E,False),
('3.1-N1',[(1679,1684)],None,Y,E,False),
('3.1-N1',[(1692,1697)],None,Y,E,False),
('3.2-N1',[(1742,1747)],None,Y,E,False),
('3.3-N1',[(1885,1892)],None,Y,E,False),
('3.3-N1',[(1900,1904)],None,Y,E,False),
('3.3-N1',[(1912,1915)],None,Y,'2017-04-30',False),
('3.3-N1',[(1923,1927)],None,Y,'2017-04-30',False),
('3.5-N3',[(2192,2195)],None,Y,E,False),
('3.5-N3',[(2203,2209)],[(5533,5536),(5543,5545)],Y,E,False),
('3.5-N3',[(2217,2220)],None,Y,E,False),
('3.5-N4',[(2272,2273)],None,Y,E,False),
('3.5-N4',[(2281,2283),(2290,2297)],[(5611,5621)],Y,E,False),
('3.5-N4',[(2299,2305)],[(5628,5634)],Y,E,False),
('3.5-N5',[(2354,2356)],None,Y,E,False),
('3.5-N5',[(2364,2368)],None,Y,E,False),
('3.5-N5',[(2375,2378)],None,Y,E,False),
('3.5-N5',[(2386,2395)],[(5716,5719),(5726,5731)],Y,E,False),
('3.5-N5',[(2403,2406)],None,Y,E,False),
('3.5-N5',[(2414,2422)],None,Y,E,False),
('3.5-N6',[(2459,2462)],None,Y,E,False),
('3.5-N6',[(2470,2471),(2478,2480)],[(5800,5804)],Y,E,False),
('3.5-N6',[(2482,2485)],None,Y,E,False),
('4.1-N1',[(2596,2600)],None,Y,E,False),
('4.1-N1',[(2608,2611)],None,Y,E,False),
('4.1-N1',[(2619,2623)],None,Y,E,False),
('4.2-N1',[(2754,2760)],None,Y,E,False),
('4.2-N1',[(2768,2774),(2781,2782)],[(6101,6109)],Y,E,False),
('4.2-N3',[(2825,2831)],None,Y,E,False),
('4.2-N4',[(2863,2866)],None,Y,E,False),
('4.3-N1',[(2944,2947)],None,Y,E,False),
('4.3-N1',[(2955,2962)],None,Y,E,False),
('4.3-N1',[(2970,2972)],None,Y,E,False),
('4.3-N1',[(2980,2986)],None,Y,E,False),
('4.3-N1',[(2994,2999)],None,Y,E,False),
('4.3-N1',[(3007,3013)],None,Y,E,False),
('4.4-N1',[(3061,3066)],None,Y,E,False),
('4.4-N1',[(3074,3078)],None,Y,E,False),
('4.6-N1',[(3167,3168)],None,Y,E,False),
('4.6-N1',[(3176,3179)],None,Y,E,False),
('4.6-N2',[(3218,3222)],None,Y,E,False),
('4.6-N2',[(3230,3235)],None,Y,E,False),
('4.6-N2',[(3243,3248)],None,Y,E,False),
('4.6-N2',[(3256,3258)],None,Y,E,False),
('4.6-N2',[(3265,3268)],None,Y,E,False),
('4.7-N1',[(3325,3327)],None,Y,'2017-06-30',False),
('4.8-N1',[(3420,3427)],None,Y,E,False),
('4.8-N1',[(3435,3437)],None,Y,E,False),
]
def act_rows(copy):
    rows=[]
    for goal,r1,r2,s,e,dev in ACT:
        rr = r1 if copy==1 else (r2 if r2 else mranges(r1))
        rows.append(dict(goal=goal,text=join(rr),start=s,end=e,deviation='true' if dev else 'false',line=rr[0][0],copy=copy))
    return rows

# ---- budget: section, item, line (copy1), values
BUD=[
('SLK','Kostnader',3459,(685.7,728.2,-42.5)),
('SLK','Intäkter',3461,(-99.0,-219.2,120.2)),
('SLK','Netto',3463,(586.7,508.9,77.8)),
('Stadsövergripande','Kostnader',3466,(44.2,30.7,13.5)),
('Stadsövergripande','Intäkter',3468,(0.0,0.0,0.0)),
('Stadsövergripande','Netto',3470,(44.2,30.7,13.5)),
('Centrala och gemensamma IT-lösningar','Kostnader',3474,(402.9,425.6,-22.7)),
('Centrala och gemensamma IT-lösningar','Intäkter',3476,(-402.9,-425.6,22.7)),
('Centrala och gemensamma IT-lösningar','Netto',3478,(0.0,0.0,0.0)),
('Politisk organisation','Kostnader',3481,(184.8,113.6,71.2)),
('Politisk organisation','Intäkter',3483,(0.0,-2.1,2.1)),
('Politisk organisation','Netto',3485,(184.8,111.5,73.2)),
('Bidrag','Kostnader',3487,(612.0,603.5,8.6)),
('Bidrag','Intäkter',3489,(0.0,0.0,0.0)),
('Bidrag','Netto',3491,(612.0,603.5,8.6)),
('Kompetensutvecklingsmedel','Kostnader',3494,(0.0,13.4,-13.4)),
('Kompetensutvecklingsmedel','Intäkter',3496,(0.0,-13.4,13.4)),
('Kompetensutvecklingsmedel','Netto',3498,(0.0,0.0,0.0)),
('Sociala investeringar','Kostnader',3501,(0.0,10.6,-10.6)),
('Sociala investeringar','Intäkter',3503,(0.0,-10.6,10.6)),
('Sociala investeringar','Netto',3505,(0.0,0.0,0.0)),
('e-Tjänster','Kostnader',3507,(0.0,8.9,-8.9)),
('e-Tjänster','Intäkter',3509,(0.0,-8.9,8.9)),
('e-Tjänster','Netto',3511,(0.0,0.0,0.0)),
('Digital Förnyelse','Kostnader',3513,(0.0,52.2,-52.2)),
('Digital Förnyelse','Intäkter',3515,(0.0,-52.2,52.2)),
('Digital Förnyelse','Netto',3517,(0.0,0.0,0.0)),
('GSIT 2.0','Kostnader',3519,(0.0,38.2,-38.2)),
('GSIT 2.0','Intäkter',3521,(0.0,-38.2,38.2)),
('GSIT 2.0','Netto',3523,(0.0,0.0,0.0)),
('Skolplattformen','Kostnader',3525,(19.0,95.2,-76.2)),
('Skolplattformen','Intäkter',3527,(-19.0,-22.0,3.0)),
('Skolplattformen','Netto',3529,(0.0,73.2,-73.2)),
('Avskrivningar och internränta','Kostnader',3532,(1.6,1.4,0.2)),
('Avskrivningar och internränta','Intäkter',3534,(0.0,0.0,0.0)),
('Avskrivningar och internränta','Netto',3536,(1.6,1.4,0.2)),
('Summa drift','Summa kostnader',3538,(1950.2,2121.3,-171.1)),
('Summa drift','Summa intäkter',3540,(-520.8,-792.1,271.2)),
('Summa drift','Summa netto',3542,(1429.3,1329.2,100.1)),
('Investeringar','Kostnader',3545,(2.0,0.5,1.5)),
('Investeringar','Intäkter',3547,(0.0,0.0,0.0)),
('Investeringar','Netto',3549,(2.0,0.5,1.5)),
('Totalt','Totalt netto inkl investeringar',3551,(1431.3,1329.7,101.6)),
]
BCOLS=['table','section','item','Justerad budget 2017','Bokfört 171231','Avvikelse','line','copy']
def bnum(v): return ('%.1f'%v)
def bud_rows(copy):
    rows=[]
    for sec,item,ln,(a,b,c) in BUD:
        n = ln if copy==1 else m(ln)
        rows.append({'table':'Stadsledningskontoret','section':sec,'item':item,
            'Justerad budget 2017':bnum(a),'Bokfört 171231':bnum(b),'Avvikelse':bnum(c),'line':n,'copy':copy})
    return rows

def write(name, cols, rows):
    with open(OUT+name,'w',encoding='utf-8',newline='') as f:
        w=csv.DictWriter(f,fieldnames=cols,lineterminator='\n'); w.writeheader()
        for r in rows: w.writerow(r)

if __name__=='__main__':
    write('goals.csv','id,level,parent,title,status,status_text,line,copy'.split(','), goal_rows(1)+goal_rows(2))
    write('indicators.csv',ICOLS, ind_rows(1)+ind_rows(2))
    write('activities.csv','goal,text,start,end,deviation,line,copy'.split(','), act_rows(1)+act_rows(2))
    write('budget.csv',BCOLS, bud_rows(1)+bud_rows(2))
    print('written')
