"""Full-text search: documents, the backend protocol and the backends behind it.

Content types hand the index :class:`~etwincms.hooktypes.SearchDocument` values; a
backend (Whoosh embedded, PostgreSQL at scale) stores them and answers queries limited to
a :class:`~etwincms.search.backend.Scope`: what one searcher may read, so permission
filtering happens inside the query and counts and pages have no holes.
"""
