"""Qt-free rendering: the style model and the matplotlib map exporter."""
