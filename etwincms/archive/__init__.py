"""Whole-space archives (JSON and files) for `etwincms import`, and the retention schedule."""
