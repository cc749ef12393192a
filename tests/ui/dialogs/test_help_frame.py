"""Help → About states the reference frame the numbers use."""

from __future__ import annotations

from sovsplit.ui.dialogs.help_dialogs import about_html


def test_help_about_states_the_frame():
    text = about_html()
    assert "1991" in text and "Tuva (1944)" in text and "1923–1940" in text
