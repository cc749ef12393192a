"""The main window and what assembles it: menus, editing, saving, themes."""
