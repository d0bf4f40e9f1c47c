"""Synthetic local authorities: children's journeys simulated and written as the real returns.

``generate`` (generate.py) is the entry point behind ``scorecard synth``; ``run_demo``
(demo.py) is ``scorecard demo``. See docs/synthetic-data.md.
"""
