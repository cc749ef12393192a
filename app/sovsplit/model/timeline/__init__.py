"""Borders through time: dated states of one scenario, their file format, edits and statistics (no Qt)."""
