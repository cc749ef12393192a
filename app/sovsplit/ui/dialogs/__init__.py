"""Dialogs: map export, arable import, help texts."""
