"""Questions to the map: the marginal value of each region (sweep) and the smallest transfer meeting conditions."""
