"""Host-only modules (never shipped to the browser): the packaged site and the server that serves it.

- ``site``: where the built site is inside the installed package, its run-time config, writing it out;
- ``serve``: ``micsentry serve``, with the headers the production recipe sends too.
"""
