"""Where a call's diagnostics come from: one protocol, three implementations.

- ``call.CallDiagnostics``: an ACS call's ``call.feature(Features.UserFacingDiagnostics)``;
- ``stream.StreamSignals``: a watched local ``MediaStream`` (any WebRTC stack), from browser signals;
- ``forwarded.ForwardedDiagnostics``: changes an embedding page forwards to embed.html.

Each has ``open(thing, ..., on_problem)`` (a classmethod: the source, or None for something it cannot
follow) and then::

    snapshot()         # the raw changes that hold already: [{"diagnostic", "value", "valueType"}]
    start(on_change)   # from now on, on_change(raw_change) for every change, as the host sent it
    close()            # every listener removed, every proxy freed; closing twice does nothing

``on_problem(where, exc)`` hears about a host object that throws; the source carries on.
"""
