"""MkDocs hook: the docs hold the product's rule, a page loads nothing from another host. Links may
point anywhere; scripts, styles, images and frames come from the site (Material's Google fonts are
off in ``mkdocs.yml``, and its offline plugin, which loads a shim from a CDN, is not used).

>>> elsewhere('<a href="https://learn.microsoft.com/">guide</a><img src="https://x.example/a.png">')
['<img src=https://x.example/a.png>']
"""

from html.parser import HTMLParser

from mkdocs.exceptions import PluginError

# (tag, attribute) pairs that make a browser fetch something as the page loads.
_LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
_FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "link" and not set((dict(attrs).get("rel") or "").lower().split()) & _FETCHED_RELS:
            return  # canonical, alternate, ...: names, not loads
        for name, value in attrs:
            if (tag, name) in _LOADS and value and (value.startswith("//") or "://" in value.split("?")[0]):
                self.found.append("<%s %s=%s>" % (tag, name, value))


def elsewhere(page_html):
    """What *page_html* would load from another host."""
    parser = _Loads()
    parser.feed(page_html)
    return parser.found


def on_post_page(output, page, config):
    found = elsewhere(output)
    if found:
        raise PluginError("%s loads from another host: %s (the docs, like the product, serve every file "
                          "themselves)" % (page.file.src_uri, ", ".join(found[:3])))
    return output
