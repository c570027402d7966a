#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12) with the `jsonschema` package:
check_json_schema.py SCHEMA DOCUMENT...  Prints one line per violation, `DOCUMENT: path: message`,
and exits 1 when there is any. A `$ref` to another `*.schema.json` beside SCHEMA resolves to that
file (the package report refers to the report's schema). Used by the test suite for the report's
schemas and for SARIF."""

import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource


def main():
    schema_path, *documents = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    siblings = []
    for sibling in pathlib.Path(schema_path).resolve().parent.glob("*.schema.json"):
        with open(sibling, encoding="utf-8") as handle:
            contents = json.load(handle)
        if "$id" in contents:
            siblings.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(siblings)
    validator = validator_class(schema, registry=registry, format_checker=validator_class.FORMAT_CHECKER)
    failures = 0
    for path in documents:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: /{location}: {error.message[:300]}")
            failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
