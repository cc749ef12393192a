"""Map tools: region brush, border and cut tools, note tools."""
