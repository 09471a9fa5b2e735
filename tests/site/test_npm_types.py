"""The npm package's TypeScript declarations say what the Python contract says (names, not prose)."""

import json
import re

import pytest

from micsentry.core import causes, contract, protocol
from micsentry_site.config import ROOT

TYPES = (ROOT / "npm" / "types" / "index.d.ts").read_text()


def union(name):
    found = re.search(r"export type %s =(.*?);" % name, TYPES, re.S)
    assert found, name
    return set(re.findall(r'"([^"]+)"', found.group(1)))


@pytest.mark.parametrize("name,values", [
    ("Runtime", set(contract.RUNTIMES)),
    ("Phase", set(contract.PHASES)),
    ("PrecallState", set(contract.PRECALL_STATES)),
    ("IncallState", set(contract.INCALL_STATES)),
    ("PrecallCause", set(causes.PRECALL) | {causes.MIC_SILENT, "failure"}),
    ("IncallCause", set(causes.INCALL)),
    ("RemoteCause", set(causes.REMOTE)),
])
def test_unions_match_the_contract(name, values):
    assert union(name) == values


def test_protocol_and_event():
    assert set(re.findall(r'type: "([a-z-]+)"', TYPES.split("export type HostMessage")[1].split(";\n\n")[0])) == \
        set(protocol.HOST_TYPES)
    assert "export const PROTOCOL_VERSION: %d;" % contract.PROTOCOL_VERSION in TYPES
    assert '"%s": MicSentryChangeEvent' % contract.EVENT in TYPES
    for method in contract.API:
        assert re.search(r"\n  %s\(" % method, TYPES), method


def test_package_manifest_and_version_agree():
    manifest = json.loads((ROOT / "npm" / "package.json").read_text())
    from micsentry import __version__

    assert manifest["version"] == __version__
    assert manifest["license"] == "MIT"
    assert set(manifest["files"]) >= {"index.js", "types/", "site/"}
    assert manifest["exports"]["."]["types"] == "./types/index.d.ts"
