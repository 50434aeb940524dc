"""Mobilities and phases of a space: before, during and after each mobility, and dissemination."""
