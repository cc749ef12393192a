"""The Qt-free model: regions, scenarios, geometry, statistics, annotations, reversible edits and I/O."""
