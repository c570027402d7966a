#!/usr/bin/env python3
"""Writes the fixtures for rules across fields and rows (#11), each in the shape of a real published
file, with invented values:

  Fixtures/rules/local-authorities*.csv      mySociety's UK local authority names and codes
  Fixtures/rules/registered-patients*.csv    NHS England's patients registered at a GP practice (5-year bands)
  Fixtures/rules/prescribing-practices/      HSCIC practice prescribing, whose practices must be in
                                             the ODS file epraccur (no header row)

Each *-planted file differs from its clean twin by the problems the CLI tests list.
Run from the repository root: scripts/rule-fixtures.py"""
import csv
import io
import os

ROOT = "Fixtures/rules"


def write(path, rows, quoting=csv.QUOTE_MINIMAL, line="\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = io.StringIO()
    csv.writer(out, quoting=quoting, lineterminator=line).writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


# mySociety: one row per council, past ones kept with an end date and what replaced them; a district
# names its county council (county-la), listed in the same file.
AUTHORITY_HEADER = ["local-authority-code", "official-name", "nice-name", "gss-code", "start-date", "end-date",
                    "replaced-by", "nation", "region", "local-authority-type", "local-authority-type-name",
                    "county-la", "current-authority"]
authorities = [
    ["ANY", "Anytown Borough Council", "Anytown", "E06000101", "1974-04-01", "", "", "England", "North East", "UA",
     "Unitary authority", "", "True"],
    ["BRK", "Brookfield District Council", "Brookfield", "E07000301", "", "2023-03-31", "NSH,OAK", "England", "",
     "NMD", "Non-metropolitan district", "NSC", "False"],
    ["NSC", "North Shire County Council", "North Shire County", "E10000101", "1974-04-01", "2023-03-31", "NSH",
     "England", "", "CTY", "County", "", "False"],
    ["NSH", "North Shire Council", "North Shire", "E06000102", "2023-04-01", "", "", "England",
     "Yorkshire and The Humber", "UA", "Unitary authority", "", "True"],
    ["GLN", "Glenmoor Council", "Glenmoor", "S12000101", "1996-04-01", "", "", "Scotland", "", "UA",
     "Unitary authority", "", "True"],
    ["PNT", "Pontfawr County Borough Council", "Pontfawr", "W06000101", "", "", "", "Wales", "", "UA",
     "Unitary authority", "", "True"],
    ["OAK", "Oakham Vale District Council", "Oakham Vale", "E07000303", "1974-04-01", "", "", "England",
     "East Midlands", "NMD", "Non-metropolitan district", "ESC", "True"],
    ["ESC", "East Shire County Council", "East Shire", "E10000102", "1974-04-01", "", "", "England", "East Midlands",
     "CTY", "County", "", "True"],
    ["WMCA", "West Midshire Combined Authority", "West Midshire", "", "", "", "", "England", "West Midlands",
     "COMB", "Combined authority", "", "True"],
]
# Data row i (from 0) is the file's row i + 2: the header is row 1.
planted = [row[:] for row in authorities]
planted[3][8] = ""              # row 5 (North Shire): a current English council with no region
planted[6][11] = "WSC"          # row 8 (Oakham Vale): a county council the file does not list
planted[1][4] = "2024-01-01"    # row 3 (Brookfield): ended before it started
write(f"{ROOT}/local-authorities.csv", [AUTHORITY_HEADER] + authorities)
write(f"{ROOT}/local-authorities-planted.csv", [AUTHORITY_HEADER] + planted)

# NHS England: per practice, sex (MALE, FEMALE, ALL) and 5-year band (plus ALL), a count.
PATIENT_HEADER = ["PUBLICATION", "EXTRACT_DATE", "TYPE", "SUB_ICB_LOCATION_CODE", "ONS_SUB_ICB_LOCATION_CODE",
                  "ORG_CODE", "POSTCODE", "SEX", "AGE_GROUP_5", "NUMBER_OF_PATIENTS"]
BANDS = [f"{low}_{low + 4}" for low in range(0, 95, 5)] + ["95+"]


def patient_rows(practices):
    rows = []
    for code, postcode, seed in practices:
        counts = {sex: [((seed * 31 + band * 17 + (7 if sex == "MALE" else 3)) % 90) + 10 for band in range(len(BANDS))]
                  for sex in ("MALE", "FEMALE")}
        counts["ALL"] = [m + f for m, f in zip(counts["MALE"], counts["FEMALE"])]
        for sex in ("ALL", "FEMALE", "MALE"):
            rows.append(["GP_PRAC_PAT_LIST", "01JUN2026", "GP", "16C", "E38000247", code, postcode, sex, "ALL",
                         str(sum(counts[sex]))])
            for band, count in zip(BANDS, counts[sex]):
                rows.append(["GP_PRAC_PAT_LIST", "01JUN2026", "GP", "16C", "E38000247", code, postcode, sex, band,
                             str(count)])
    return rows


patients = patient_rows([("A81001", "TS18 1AA", 1), ("A81002", "TS18 2AB", 2), ("B85010", "HD5 8AB", 3)])
planted = [row[:] for row in patients]
# Each practice has 3 × 21 rows (ALL, FEMALE, MALE), each sex's ALL row before its 20 bands.
planted[21 + 1 + 2][9] = str(int(planted[21 + 1 + 2][9]) + 5)       # row 26, A81001 FEMALE 10_14: +5
planted[63 + 42 + 1 + 4][9] = str(int(planted[63 + 42 + 1 + 4][9]) - 2)  # row 112, A81002 MALE 20_24: -2
write(f"{ROOT}/registered-patients.csv", [PATIENT_HEADER] + patients)
write(f"{ROOT}/registered-patients-planted.csv", [PATIENT_HEADER] + planted)

# ODS epraccur (no header row, every value quoted, 27 columns) and HSCIC prescribing that refers to it.
def practice(code, name, postcode, status="A", close=""):
    return [code, name, "Y63", "Q74", "THE HEALTH CENTRE", "MILL STREET", "STOCKTON-ON-TEES", "CLEVELAND", "",
            postcode, "19740401", close, status, "B", "16C", "20130401", "", "01642 000002", "", "", "", "0", "",
            "16C", "", "4", ""]


write(f"{ROOT}/prescribing-practices/epraccur.csv", [
    practice("A81001", "RIVERSIDE SURGERY", "TS18 1AA"),
    practice("A81002", "PARKSIDE MEDICAL CENTRE", "TS18 2AB"),
    practice("B85010", "MEADOWS SURGERY", "HD5 8AB"),
    practice("N81646", "CASTLE PRACTICE", "CW1 2AB", status="C", close="20200331"),
], quoting=csv.QUOTE_ALL, line="\r\n")
PDPI_HEADER = ["SHA", "PCT", "PRACTICE", "BNF CODE", "BNF NAME", "ITEMS", "NIC", "ACT COST", "QUANTITY", "PERIOD"]
pdpi = [
    ["Q74", "16C", "A81001", "0102000N0AAABAB", "Hyoscine Butylbrom_Tab 10mg", "16", "50.19", "54.21", "448", "201410"],
    ["Q74", "16C", "A81001", "0401010Z0AAAAAA", "Zopiclone_Tab 7.5mg", "7", "65.39", "70.62", "196", "201410"],
    ["Q74", "16C", "A81002", "0403030E0AAAAAA", "Fluoxetine HCl_Cap 20mg", "25", "31.50", "34.02", "700", "201410"],
    ["Q72", "03A", "B85010", "0212000B0AAABAB", "Atorvastatin_Tab 20mg", "40", "48.00", "51.84", "1120", "201410"],
    ["Q44", "RXA", "N81646", "0601022B0AAABAB", "Metformin HCl_Tab 500mg", "12", "8.40", "9.07", "672", "201410"],
]
planted = [row[:] for row in pdpi]
planted[3][2] = "B85011"   # row 5: a practice epraccur does not list
write(f"{ROOT}/prescribing-practices/pdpi.csv", [PDPI_HEADER] + pdpi)
write(f"{ROOT}/prescribing-practices/pdpi-planted.csv", [PDPI_HEADER] + planted)
print("wrote", ROOT)
