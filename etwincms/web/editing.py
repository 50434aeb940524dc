"""Changing pages in the browser: edit, conflicts, history, diff, revert, create, settings."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("editing", __name__)
