"""Tracing a map image: georeferencing with control points, coast refinement, and regions from colours."""
