"""sovsplit: a desktop GIS workbench for a USSR split into a Stalinist West and a Trotskyist East."""

__version__ = "0.1.0"
