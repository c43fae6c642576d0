"""Validation and scoring: pure functions on pandas frames and numpy vectors."""

from .memory import use_small_pages

use_small_pages()  # steady national scoring on servers that compact memory for huge pages (see memory.py)
