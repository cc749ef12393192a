"""Reading, writing and locating files: scenarios, caches, autosave, user folders."""
