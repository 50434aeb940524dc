"""The archive suite builds its own installations (see :mod:`tests.archive.sites`)."""
