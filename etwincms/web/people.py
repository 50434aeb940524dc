"""A space's people: invite teachers, create pupils from a class list, reset passwords."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("people", __name__)
