"""The map canvas and the projected painter paths it draws from."""
