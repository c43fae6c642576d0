"""Validation and scoring: pure functions on pandas frames and numpy vectors."""

from .memory import keep_freed_memory, use_small_pages

use_small_pages()  # steady national scoring on servers that compact memory for huge pages (see memory.py)
keep_freed_memory()  # when CCHC_KEEP_FREED_MEMORY=1: national scoring run again and again (see memory.py)
