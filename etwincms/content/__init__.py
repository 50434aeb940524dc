"""The content pipeline: Markdown with wiki links, rendered to HTML, then sanitized.

:func:`render.render_markdown` is the only way page text becomes HTML; sanitizing with
the one :mod:`sanitize` module is always its last step.
"""
