#!/usr/bin/env python3
"""Compares a Hallmark JSON report on the synthetic prescribing file with the generator's ground truth.
Usage: check_truth.py REPORT.json TRUTH.json   (exit 1 on any difference)"""
import json
import sys

# Each injected kind trips exactly one rule of Standards/nhs/practice-prescribing.yaml.
RULE_FOR_KIND = {
    "bad_integer": "field:ITEMS:type",
    "negative_items": "field:ITEMS:min",
    "bad_date": "field:DISPENSED_DATE:type",
    "bad_postcode": "field:POSTCODE:format",
    "practice_code_format": "field:PRACTICE_CODE:format",
    "bnf_code_length": "field:BNF_CODE:format",
    "unknown_unit": "field:UNIT_OF_MEASURE:codes",
    "nhs_bad_check": "field:NHS_NUMBER:format",
    "duplicate_key": "dataset:primary-key",
}

report = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
counts = {rule["ruleId"]: rule["count"] for rule in report["rules"]}
injected = truth.get("injected", truth)
bad = []
for kind, rule in RULE_FOR_KIND.items():
    if kind in injected and counts.get(rule, 0) != injected[kind]:
        bad.append(f"{kind}: truth {injected[kind]}, hallmark {counts.get(rule, 0)} ({rule})")
if "empty_required" in injected:
    required = sum(count for rule, count in counts.items() if rule.endswith(":required"))
    if required != injected["empty_required"]:
        bad.append(f"empty_required: truth {injected['empty_required']}, hallmark {required}")
if bad:
    print("counts differ from the ground truth:\n  " + "\n  ".join(bad))
    sys.exit(1)
print(f"counts match the ground truth: {sum(injected[k] for k in RULE_FOR_KIND if k in injected) + injected.get('empty_required', 0)} injected errors, every kind")
