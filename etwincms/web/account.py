"""Your account: change password (also forced at first login), profile."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("account", __name__)
