"""Map layers the canvas draws: base layers, arable land, ports, the feasibility overlay."""
