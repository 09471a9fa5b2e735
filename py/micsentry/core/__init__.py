"""The pure core: every decision of micsentry, importable anywhere (CPython, Pyodide, MicroPython).

Nothing here imports ``js`` or ``pyscript``; everything stays in the MicroPython subset. The flow of
data, in module order: browser signals arrive as events in ``session`` (which routes them to
``precall`` and ``incall``), ``causes`` and ``ufd`` tell what they mean, ``advice`` and ``messages``
say what to tell whom, ``view`` builds the view model, ``timeline`` / ``report`` / ``troubleshoot``
explain it afterwards, ``protocol`` speaks with an embedding page, ``contract`` names it all.
"""
