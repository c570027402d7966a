#!/usr/bin/env python3
"""Reads a JUnit XML file back with `junitparser`, the reader GitLab-style tooling uses, and prints
one JSON line per test case: {"suite", "name", "classname", "result": "passed"|"failure", "message"}.
Exits 1 when the file cannot be parsed. Used by the test suite."""

import json
import sys

from junitparser import JUnitXml, Failure


def main():
    xml = JUnitXml.fromfile(sys.argv[1])
    suites = [xml] if xml._tag == "testsuite" else list(xml)
    for suite in suites:
        for case in suite:
            failures = [r for r in case.result if isinstance(r, Failure)]
            print(json.dumps({
                "suite": suite.name,
                "tests": suite.tests,
                "failures": suite.failures,
                "name": case.name,
                "classname": case.classname,
                "result": "failure" if failures else "passed",
                "message": failures[0].message if failures else None,
                "text": failures[0].text if failures else case.system_out,
            }))


if __name__ == "__main__":
    main()
