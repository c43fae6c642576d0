"""Validation and scoring: pure functions on pandas frames and numpy vectors."""

import os

from .memory import KEEP_SWITCH, keep_freed_memory, use_small_pages

use_small_pages()  # steady national scoring on servers that compact memory for huge pages (see memory.py)
if os.environ.get(KEEP_SWITCH, "").strip() == "1":  # national scoring run again and again (see memory.py)
    keep_freed_memory()
