"""Scenario comparison: metrics side by side, deltas, land that changed hands, and its output."""
