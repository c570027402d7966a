#!/usr/bin/env python3
"""polars doing what the benchmark's "3 row rules + foreign key" run of Hallmark does: every check of
the shared polars peer (../shared/bench/peers/polars_check.py), plus the three row rules and the
foreign key of PRACTICE_CODE to a headerless practices file, in one lazy query collected with the
streaming engine. Prints the violation count of each, as JSON, so Benchmarks/run.sh can compare them
with Hallmark's.

Usage: polars_rules.py FILE.csv PRACTICES.csv PEERS_DIR TODAY

Rules are read with Hallmark's three-valued logic: a row whose value is unknown (a missing or
invalid cell) passes a rule.
"""
import json
import sys

import polars as pl


def main():
    data, practices, peers, today = sys.argv[1:5]
    sys.path.insert(0, peers)
    from polars_check import rules  # the shared peer's field checks, unchanged

    c = pl.col
    known = pl.read_csv(practices, has_header=False, columns=[0], infer_schema=False).to_series(0)

    def violated(condition):
        """rows where the condition is false; unknown (null) passes."""
        return (~condition).fill_null(False).sum()

    number = lambda name: c(name).cast(pl.Float64, strict=False)
    integer = lambda name: c(name).cast(pl.Int64, strict=False)
    dispensed = c("DISPENSED_DATE").str.to_date("%Y-%m-%d", strict=False)
    name = c("PRACTICE_NAME")
    extra = [
        # cost-near-nic: ACTUAL_COST <= NIC * 2 + 1 and ITEMS <= QUANTITY (Kleene "and")
        violated((number("ACTUAL_COST") <= number("NIC") * 2 + 1) & (integer("ITEMS") <= number("QUANTITY")))
        .alias("rule_cost_near_nic"),
        # dispensed-in-month: year * 100 + month >= 201401 and DISPENSED_DATE <= today()
        violated(
            (dispensed.dt.year().cast(pl.Int64) * 100 + dispensed.dt.month().cast(pl.Int64) >= 201401)
            & (dispensed <= pl.lit(today).str.to_date("%Y-%m-%d")))
        .alias("rule_dispensed_in_month"),
        # name-shape, when PRACTICE_NAME is not missing
        (name.is_not_null()
         & ~((name.str.strip_chars().str.len_chars() > 2)
             & ~name.str.to_uppercase().str.starts_with("XX")).fill_null(True))
        .sum().alias("rule_name_shape"),
        # the foreign key: a PRACTICE_CODE the practices file does not list
        (c("PRACTICE_CODE").is_not_null() & ~c("PRACTICE_CODE").is_in(known.implode())).sum()
        .alias("foreign_key_practice"),
    ]
    out = (pl.scan_csv(data, infer_schema=False).select(rules() + extra)
           .collect(engine="streaming").row(0, named=True))
    print(json.dumps({k: out[k] for k in ("rule_cost_near_nic", "rule_dispensed_in_month", "rule_name_shape",
                                          "foreign_key_practice")}))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # exit 1 means "findings" to run.sh's timer: a failure must not look like one
        print(f"polars_rules.py: {error!r}", file=sys.stderr)
        sys.exit(2)
