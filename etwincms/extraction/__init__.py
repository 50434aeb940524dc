"""Text extraction from materials (PDF, DOCX, ODT, ODP, PPTX, plain text), off the request path.

An upload only stores the file and marks it ``pending``; the text is read later in a
child process with memory, CPU, time and output limits (:mod:`.child`, run by
:mod:`.runner`), by a background thread of the web process (:mod:`.executor`) or by
``etwincms search worker``, and written to ``Material.extracted_text`` (:mod:`.jobs`),
which queues the material for the search index. Nothing here runs at import.
"""
