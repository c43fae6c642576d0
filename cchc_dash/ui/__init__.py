"""Dashboards: one module per dashboard, each with ``build(dataset, ...) → ipywidgets widget``.

UI modules only wire widgets to the package's pure functions; they hold no scoring logic.
"""
