"""The core's message catalogues (``<language>/LC_MESSAGES/messages.po`` and ``.mo``).

Flask-Babel reads them from here; :mod:`.tool` (``make translations``) keeps them in step
with the code. Each plugin keeps its own catalogues in a ``translations`` folder of its
package, read after these (see docs/translating.md).
"""
