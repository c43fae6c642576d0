"""Dashboards: one module per dashboard, named after the analysis it shows, each with
``build(dataset, results) → ipywidgets widget``; :mod:`.shell` is the frame they share.

UI modules only wire widgets to the package's pure functions; they hold no scoring logic.
"""
