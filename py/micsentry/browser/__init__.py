"""Adapters to the browser: the only package that imports ``js`` or ``pyscript``.

Each module faces one outside surface and turns what it sees into plain data for the core, and
back: ``ffi`` (the interpreter differences), ``callbacks`` (every listener and proxy, with its owner),
``permissions`` and ``media`` (the permission, getUserMedia, devices), ``audio`` (levels), ``acs`` (the
SDK), ``sources`` (a call's diagnostics), ``render`` (view models as text, never as HTML),
``host_api`` and ``frame`` (the embedding page), ``storage``, ``files`` and ``tasks``. None of them decides.
"""
