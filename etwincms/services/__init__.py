"""Domain operations shared by the web front end, the JSON API and the CLI.

Every function takes the SQLAlchemy session and the acting user first, checks
permissions with :func:`etwincms.permissions.require`, validates its input, writes an
audit entry for changes that matter, and flushes, leaving the commit to the caller (one
unit of work per request or command). Errors are the exceptions of
:mod:`etwincms.errors`.
"""
