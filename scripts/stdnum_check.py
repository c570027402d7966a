#!/usr/bin/env python3
"""Judges identifiers with python-stdnum, for Hallmark's differential test.

Reads lines "KIND<TAB>VALUE" on stdin; writes one JSON object per line:
{"valid": bool, "compact": str or null, "structural": bool} where compact is stdnum's own normalised
form, and structural (IBAN only) is the verdict without country-specific checks (check_country=False)."""
import json
import sys

from stdnum import ean, iban, isbn, isin, issn, lei, luhn
from stdnum.gb import nhs, vat

MODULES = {"iban": iban, "lei": lei, "isbn": isbn, "issn": issn, "isin": isin, "gtin": ean,
           "luhn": luhn, "uk-vat": vat, "nhs-number": nhs}

for line in sys.stdin:
    kind, value = line.rstrip("\n").split("\t", 1)
    module = MODULES[kind]
    try:
        compact = module.compact(value)
    except Exception:
        compact = None
    structural = bool(iban.is_valid(value, check_country=False)) if kind == "iban" else None
    print(json.dumps({"valid": bool(module.is_valid(value)), "compact": compact, "structural": structural}))
