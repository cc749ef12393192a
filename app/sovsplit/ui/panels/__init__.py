"""Docked panels: statistics, polities, layers, debate, scenario list and comparison."""
