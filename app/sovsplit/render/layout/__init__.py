"""The items of an exported page, each in its own module (as QGIS splits core/layout)."""
