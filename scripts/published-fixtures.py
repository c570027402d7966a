#!/usr/bin/env python3
"""Writes the fixtures in the shapes of real published files (#10): Fixtures/council-spend, Fixtures/ods,
Fixtures/hscic-prescribing. Every value is synthetic. Run from the repository root: scripts/published-fixtures.py"""
import random
import sys
sys.argv = [sys.argv[0], "Fixtures"]

title = [
    "Anytown Borough Council,,,,,,",
    ",,,,,,",
    "Payments to Suppliers over £500,,,,,,",
    "Report Date: 02/07/2026 16:59:18,,,,,,",
    ",,,,,,",
    "Parameters:,,,,,,",
    "Invoice Approval Date From: 01-JUN-2026,,,,,,",
    "Invoice Approval Date To: 30-JUN-2026,,,,,,",
    "Invoice Threshold Nett Amt: 500,,,,,,",
]
header = "Body,Department,Supplier Name,Invoice Date,Transaction Number,Amount,Expense Type"
rows = [
    ("Anytown","Adults’ and Community Services","170 Community Project","08/06/2026","4100231","£1,534.24","Grants"),
    ("Anytown","Children’s Services","198 Contemporary Arts & Learning Ltd","06/06/2026","4100232","£1,750.00","Grants"),
    ("Anytown","Adults’ and Community Services","229 Mitcham Lane Ltd","25/06/2026","4100233","£4,928.57","Private Residential Care"),
    ("Anytown","Adults’ and Community Services","229 Mitcham Lane Ltd","25/06/2026","4100234","£6,608.57","Private Residential Care"),
    ("Anytown","Children’s Services","3Cs Creating Care Choices Limited","14/06/2026","4100235","£12,428.58","Private Residential Care"),
    ("Anytown","Environment","Ace Skip Hire","02/06/2026","4100236","£   612.00","Transport"),
    ("Anytown","Corporate Resources","O’Brien & Daughters Solicitors","19/06/2026","4100237","£2,100.00","Legal Fees"),
    ("Anytown","Corporate Resources","Café Nero Catering","11/06/2026","4100238","£540.50","Supplies and Services"),
    ("Anytown","Housing","Anytown Builders Ltd","30/06/2026","4100239","(£1,250.00)","Building Maintenance"),
    ("Anytown","Housing","Anytown Builders Ltd","30/06/2026","4100240","£18,342.10","Building Maintenance"),
    ("Anytown","Environment","Greenway Fleet Services","01/06/2026","4100241","£7,015.00","Transport"),
    ("Anytown","Corporate Resources","REDACTED PERSONAL DATA","15/06/2026","4100242","£800.00","Professional Services"),
    ("Anytown","Children’s Services","Hope Foster Care","22/06/2026","4100243","£3,312.44","Agency Staff"),
    ("Anytown","Adults’ and Community Services","Meadowview Care Home","28/06/2026","4100244","£24,990.00","Private Residential Care"),
    ("Anytown","Corporate Resources","Smith & Jones Consulting","09/06/2026","4100245","£1,000,000.00","Consultancy"),
]
planted = {
    # row index in `rows` -> (column, new value); findings listed in the test.
    2: (3, "31/06/2026"),            # there is no 31 June
    4: (5, "£12,42.58"),             # digits grouped wrongly
    6: (5, "£2,100.005"),            # three decimal places
    9: (2, ""),                      # no supplier
    11: (4, "4100241"),              # the transaction number of an earlier row
    13: (6, "Residential Care"),     # not an expense type
    7: (2, "Café Nero Catering †"),  # the dagger an export adds: a warning, not an error (#11)
}
def q(cell):
    return '"' + cell + '"' if "," in cell else cell
def write(path, rows):
    lines = title + [header] + [",".join(q(c) for c in r) for r in rows]
    lines += [",,,,,,", "Total,,,,,\"£81,626.00\",", ",,,,,,", "Source: Anytown finance system (Oracle E-Business Suite),,,,,,"]
    with open(path, "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("cp1252"))
write(sys.argv[1] + "/council-spend/payments-2026-06.csv", rows)
bad = [list(r) for r in rows]
for i, (col, val) in planted.items():
    bad[i][col] = val
write(sys.argv[1] + "/council-spend/payments-2026-06-planted.csv", [tuple(r) for r in bad])

root = "Fixtures"
# --- ODS epraccur-style, headerless, every value quoted, 27 columns (synthetic practices).
def practice(code, name, group, geo, a1, a2, town, county, pc, opened, status="A", comm="11M", phone="01453 000001", setting="4", closed=""):
    return [code, name, group, geo, a1, a2, town, county, "", pc, opened, closed, status, "B", comm, "20130401", "", phone, "", "", "", "0", "", comm, "", setting, ""]
rows = [
    practice("A81001", "RIVERSIDE SURGERY", "Y63", "Q74", "THE HEALTH CENTRE", "MILL STREET", "STOCKTON-ON-TEES", "CLEVELAND", "TS18 1AA", "19740401", comm="16C", phone="01642 000002"),
    practice("A81002", "PARKSIDE MEDICAL CENTRE", "Y63", "Q74", "PARKSIDE MEDICAL CTR", "STATION ROAD", "STOCKTON-ON-TEES", "CLEVELAND", "TS18 2AB", "19740401", comm="16C", phone="01642 000003"),
    practice("B85010", "DR O'NEILL'S PRACTICE", "Y54", "Q72", "MEADOWS SURGERY", "1 HILL ROAD", "HUDDERSFIELD", "WEST YORKSHIRE", "HD5 8AB", "19740401", comm="03A", phone="01484 000004"),
    practice("B85054", "VALLEY GROUP PRACTICE", "Y54", "Q72", "THE HEALTH CENTRE", "CHURCH ST, UPPERTOWN", "HUDDERSFIELD", "WEST YORKSHIRE", "HD7 6AB", "19740401", comm="03A", phone="01484 000005"),
    practice("L84018", "GREEN LANE SURGERY", "Y57", "Q82", "THE GREEN LANE SURGERY", "4 GREEN LANE", "CIRENCESTER", "GLOUCESTERSHIRE", "GL7 1AB", "19740401", phone="01285 000006"),
    practice("L84073", "OAK TREE PRACTICE", "Y57", "Q82", "OAK TREE SURGERY", "12 HIGH STREET", "DURSLEY", "GLOUCESTERSHIRE", "GL11 4AB", "19740401", status="C", closed="20150331"),
    practice("M85001", "ELM ROAD SURGERY", "Y60", "Q54", "ELM ROAD", "NORTHFIELD", "BIRMINGHAM", "WEST MIDLANDS", "B31 2AB", "19951001", comm="15E", phone="0121 000 0007", setting="4"),
    practice("Y02625", "WALK-IN CENTRE", "Y56", "Q71", "UNIT 4", "HILL ROAD", "LONDON", "", "N19 5AB", "20090401", comm="93C", phone="020 0000 0008", setting="10"),
]
def write(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join('"' + c + '"' for c in r) + "\r\n")
write(root + "/ods/practices.csv", rows)
bad = [list(r) for r in rows]
bad[1][0] = "a81002"        # lower case: not an ODS practice code
bad[2][9] = "HD58AB"        # postcode without its space
bad[3][10] = "19740231"     # there is no 31 February
bad[4][12] = "X"            # not a status code
bad[6][0] = "A81001"        # the code of the first practice again
bad[7] = bad[7][:26]        # a record cut short: 26 cells
bad[5][11] = "19700101"     # closed before it opened (rule close-after-open)
bad[0][12] = "C"            # closed, with no close date (required-when)
write(root + "/ods/practices-planted.csv", bad)

# --- HSCIC prescribing: labels and names padded to fixed widths, zero-padded counts, a comma ending every line.
random.seed(4)
header = " SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,"
drugs = [("0102000N0AAABAB", "Hyoscine Butylbrom_Tab 10mg"), ("0401010Z0AAAAAA", "Zopiclone_Tab 7.5mg"),
         ("0212000B0AAABAB", "Atorvastatin_Tab 20mg"), ("0407010H0AAAMAM", "Paracet_Tab 500mg"),
         ("0301011R0AAAPAP", "Salbutamol_Inha 100mcg (200 D) CFF"), ("0603020T0AAACAC", "Prednisolone_Tab 5mg")]
lines = []
for practice in ["N81646", "N81013", "N81029"]:
    for code, name in drugs:
        items = random.randint(1, 40)
        nic = random.randint(50, 9000) / 100
        lines.append(["Q44", "RXA", practice, code, name, items, nic, nic * 1.08, items * 28, "201410"])
def fmt(r):
    return [r[0], r[1], r[2], r[3], r[4].ljust(40), "%07d" % r[5], "%011.2f" % r[6], "%011.2f" % r[7], "%07d" % r[8], r[9]]
def write2(path, rows):
    with open(path, "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + ("\n" if r[-1] == "stray" else ",\n"))
write2(root + "/hscic-prescribing/pdpi-2014-10.csv", [fmt(r) for r in lines])
bad = [fmt(r) for r in lines]
bad[2][5] = "0000000"       # no items
bad[5][6] = "00000001.605"  # three decimal places
bad[8][9] = "201413"        # there is no month 13
bad[11][2] = "N8101"        # a practice code one character short
bad[14][10:] = ["stray"]    # a value in the trailing column that must stay empty
write2(root + "/hscic-prescribing/pdpi-2014-10-planted.csv", bad)
