"""The dissemination export: a self-contained static site of a space's public content."""
