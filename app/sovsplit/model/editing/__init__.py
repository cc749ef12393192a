"""Pure reversible edits of a scenario and the exact linework behind cuts and border moves."""
