"""The report schema round trip and `micsentry diagnose` exit codes and messages."""

import json
import subprocess
import sys

import pytest

from micsentry import cli
from micsentry.core import report
from micsentry.core.contract import TIMELINE_KINDS

from test_troubleshoot import FLOW_TABLE, ufd

ENV = {"runtime": "pyodide", "browser": "chrome", "system": "linux", "user_agent": "UA", "secure_context": True,
       "policy": "allowed", "junk": "dropped"}


def test_build_then_read_back():
    timeline = [ufd("microphonePermissionDenied", True, 12)]
    built = report.build(ENV, {"state": "ok", "cause": "ok", "permission": "granted"}, timeline, "2026-11-23T20:00:00Z")
    assert built["schema"] == "micsentry.report/1"
    assert set(built["environment"]) == set(report.ENVIRONMENT_KEYS)
    assert built["diagnosis"]["cause"] == "mic-permission-denied" and built["diagnosis"]["asked"] == "unknown"
    again = report.read(json.loads(json.dumps(built)))
    assert again["diagnosis"] == built["diagnosis"]
    text = report.summary(built)
    assert "mic-permission-denied" in text and "Who acts: developer" in text and "does not say whether" in text


@pytest.mark.parametrize("data,where", [
    ([], ""), ({"schema": "other/9"}, "schema"), ({"schema": report.SCHEMA, "timeline": {}}, "timeline"),
    ({"schema": report.SCHEMA, "timeline": [1]}, "timeline[0]"),
    ({"schema": report.SCHEMA, "timeline": [{"kind": "ufd"}]}, "timeline[0]"),
    ({"schema": report.SCHEMA, "timeline": [{"kind": "permission", "t": "soon"}]}, "timeline[0]"),
])
def test_read_refuses_what_is_not_a_report(data, where):
    with pytest.raises(report.ReportError) as caught:
        report.read(data)
    assert caught.value.where == where


def run_cli(tmp_path, content, *args):
    path = tmp_path / "input.json"
    path.write_text(content)
    return cli.main(["diagnose", str(path)] + list(args)), path


def test_cli_no_problem(tmp_path, capsys):
    code, _ = run_cli(tmp_path, json.dumps(ufd("networkReconnect", 1)) + "\n")
    assert code == 0
    assert "Diagnosis: ok" in capsys.readouterr().out


def test_cli_problem_as_json(tmp_path, capsys):
    lines = [{"diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality", "timestamp": 5}]
    code, _ = run_cli(tmp_path, "\n".join(json.dumps(line) for line in lines), "--json")
    assert code == 1
    assert json.loads(capsys.readouterr().out)["cause"] == "network-reconnect"


def test_cli_reads_a_report(tmp_path, capsys):
    built = report.build(ENV, {"state": "warning", "cause": "browser-denied"},
                         [{"t": 0, "kind": "permission", "state": "denied"},
                          {"t": 1, "kind": "get-user-media", "error": {"name": "NotAllowedError", "message": "x"},
                           "audio_tracks": 0}], "2026-11-23T20:00:00Z")
    code, _ = run_cli(tmp_path, json.dumps(built, indent=2))
    out = capsys.readouterr().out
    assert code == 1 and "browser-denied" in out and "Browser: chrome on linux" in out


@pytest.mark.parametrize("content,where", [
    ("", "input.json"),
    ('{"diagnostic": "networkReconnect", "value": 3}\n{"diagnostic": \n', "input.json:2"),
    ('{"diagnostic": "networkReconnect", "value": 3}\n[1, 2]\n', "input.json:2"),
    ('{"kind": "teleport"}\n', "input.json:1"),
    ('{\n  "schema": "micsentry.report/1",\n  "timeline": [\n}\n', "input.json:4"),
    ('{"schema": "micsentry.report/1", "timeline": [{"kind": "bogus"}]}', "input.json: timeline[0]"),
])
def test_cli_unreadable_input_names_file_and_line(tmp_path, capsys, content, where):
    code, _ = run_cli(tmp_path, content)
    err = capsys.readouterr().err
    assert code == 2
    assert where in err and "Traceback" not in err


def test_cli_missing_file(capsys):
    assert cli.main(["diagnose", "/no/such/file.json"]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_console_script_runs_without_traceback(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\xff\xfe not text")
    done = subprocess.run([sys.executable, "-m", "micsentry.cli", "diagnose", str(path)], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_every_flow_row_survives_the_command_line(tmp_path, capsys):
    for timeline, expected in FLOW_TABLE:
        rows = [e for e in timeline if isinstance(e, dict) and e.get("kind") in TIMELINE_KINDS]
        if not rows or len(rows) != len(timeline) or any(e.get("kind") == "ufd" and not isinstance(e.get("diagnostic"), str)
                                             for e in rows):
            continue
        code, _ = run_cli(tmp_path, "\n".join(json.dumps(e) for e in rows) + "\n", "--json")
        assert json.loads(capsys.readouterr().out)["cause"] == expected[1]
        assert code == (1 if expected[1] != "ok" else 0)


def test_cli_reads_a_listener_log_of_remote_diagnostics(tmp_path, capsys):
    """The SDK's RemoteDiagnostic objects, one per line, as a listener's log holds them."""
    lines = [{"participantId": "8:acs:ada-1", "rawId": "8:acs:ada-1", "remoteParticipant": {"displayName": "Ada"},
              "diagnostic": "microphonePermissionDenied", "value": True, "valueType": "DiagnosticFlag", "t": 7},
             {"participantId": "8:acs:bo-2", "rawId": "8:acs:bo-2", "diagnostic": "networkReconnect", "value": 1,
              "valueType": "DiagnosticQuality"}]
    code, _ = run_cli(tmp_path, "\n".join(json.dumps(line) for line in lines), "--json")
    assert code == 1
    found = json.loads(capsys.readouterr().out)
    assert found["cause"] == "remote-mic-permission-denied" and found["step"] == "remote"
    assert "Ada (8:acs:ada-1)" in found["evidence"][0]


# -- what a support team feeds the command line --------------------------------------------------------
def test_iso_8601_times_read_and_order_the_log(tmp_path, capsys):
    """An exporter's log: ISO times with zones, out of order, beside numeric milliseconds."""
    lines = [{"diagnostic": "microphonePermissionDenied", "value": False, "timestamp": "2026-11-23T21:00:05+01:00"},
             {"diagnostic": "microphonePermissionDenied", "value": True, "timestamp": "2026-11-23T20:00:01.500Z"},
             {"kind": "permission", "state": "denied", "t": "2026-11-23T20:00:00Z"}]
    code, _ = run_cli(tmp_path, "\n".join(json.dumps(line) for line in lines) + "\n", "--json")
    diagnosis = json.loads(capsys.readouterr().out)
    assert code == 1 and diagnosis["cause"] == "mic-permission-denied" and diagnosis["asked"] == "unknown"
    assert "the browser permission reads denied" in diagnosis["evidence"]
    assert "at 1795464001500 ms" in diagnosis["evidence"][0]


@pytest.mark.parametrize("content,where,says", [
    ('{"diagnostic": "networkReconnect", "value": 3, "t": "yesterday"}\n', ":1", "neither milliseconds nor an ISO"),
    ("[" * 1000 + "]" * 1000 + "\n", ":1", "nested too deep"),
    ('{"diagnostic": "networkReconnect", "value": 3}\n' + "[" * 5000 + "\n", ":2", "nested too deep"),
    ("{\n" + '  "schema": "micsentry.report/1",\n' + '  "timeline": [' + "[" * 3000 + "\n}\n", ":", ""),
    ('{"diagnostic": "networkReconnect", "value": 3}\n"just text"\n', ":2", "must be a JSON object"),
    # A digit that is not ASCII: int() refuses "0²" (it was a traceback), and reads "٣" as 3.
    ('{"diagnostic":"microphonePermissionDenied","value":true,"valueType":"DiagnosticFlag",'
     '"timestamp":"2026-11-23T10:00:0\u00b2Z"}\n', ":1", "neither milliseconds nor an ISO"),
    ('{"diagnostic": "networkReconnect", "value": 3, "timestamp": "2026-11-23T10:00:00.\u0663Z"}\n', ":1",
     "neither milliseconds nor an ISO"),
])
def test_unreadable_input_exits_2_naming_the_line(tmp_path, capsys, content, where, says):
    code, path = run_cli(tmp_path, content)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("micsentry: %s%s" % (path, where)) and says in err and "Traceback" not in err


def test_bytes_that_are_not_text_and_lines_that_never_end(tmp_path, capsys, monkeypatch):
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"diagnostic": "networkReconnect", "value": 3}\n\xff\xfe\x00\x01\n')
    assert cli.main(["diagnose", str(binary)]) == 2
    assert "binary.jsonl:2: not UTF-8 text" in capsys.readouterr().err
    monkeypatch.setattr(report, "MAX_LINE", 1000)
    long = tmp_path / "long.jsonl"
    long.write_text(json.dumps(ufd("networkReconnect", 3)) + "\n" + "x" * 5000 + "\n")
    assert cli.main(["diagnose", str(long)]) == 2
    assert "long.jsonl:2: a line longer than" in capsys.readouterr().err


def test_several_files_one_line_each_and_a_table(tmp_path, capsys):
    files = []
    for name, rows in (("a.jsonl", [ufd("networkReconnect", 3)]), ("b.jsonl", [ufd("networkReconnect", 3)]),
                       ("c.jsonl", [ufd("networkReconnect", 1)]), ("d.jsonl", None)):
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(row) for row in rows) + "\n" if rows else "not json\n")
        files.append(str(path))
    code = cli.main(["diagnose"] + files)
    out, err = capsys.readouterr()
    assert code == 2  # one file could not be read: that wins over "a problem found"
    assert "d.jsonl:1: not valid JSON" in err
    lines = out.splitlines()
    assert lines[0].startswith(files[0] + ": network-reconnect (user acts) - ")
    assert lines[2].startswith(files[2] + ": ok (nobody acts)")
    table = out.split("\n\n", 1)[1].splitlines()
    assert table[0].split() == ["cause", "who", "acts", "files"]
    assert table[1].split() == ["network-reconnect", "user", "2"] and table[2].split() == ["ok", "nobody", "1"]
    assert table[3].split() == ["(unreadable)", "-", "1"]
    code = cli.main(["diagnose", "--json"] + files[:3])
    assert code == 1 and [entry["diagnosis"]["cause"] for entry in json.loads(capsys.readouterr().out)] == [
        "network-reconnect", "network-reconnect", "ok"]


def test_standard_input(monkeypatch, capsys):
    import io

    stream = io.TextIOWrapper(io.BytesIO((json.dumps(ufd("networkReconnect", 3)) + "\n").encode()))
    monkeypatch.setattr("sys.stdin", stream)
    assert cli.main(["diagnose", "-"]) == 1
    assert "network-reconnect" in capsys.readouterr().out


def test_a_long_log_streams_in_bounded_memory(tmp_path, capsys):
    import tracemalloc

    path = tmp_path / "long.jsonl"
    line = json.dumps({"diagnostic": "networkReconnect", "value": 1, "valueType": "DiagnosticQuality", "t": 0}) + "\n"
    with open(path, "w") as handle:
        for t in range(200000):  # 17 MB of log
            handle.write(line.replace('"t": 0', '"t": %d' % t))
    tracemalloc.start()
    code = cli.main(["diagnose", str(path), "--json"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 0 and json.loads(capsys.readouterr().out)["evidence"] == ["200000 events, none of them a problem"]
    assert peak < 2 * 1024 * 1024, peak  # the file is 8x that
