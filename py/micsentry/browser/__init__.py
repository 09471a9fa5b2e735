"""Adapters to the browser: the only package that imports ``js`` or ``pyscript``.

Each module faces one outside surface and turns what it sees into plain data for the core:
``ffi`` (the interpreter differences), ``media`` (permissions, getUserMedia, devices) and
``dom`` (renders view models as text, never as HTML).
"""
