"""The forum's feasibility arguments, their declarative rules, the measures they use and notes."""
