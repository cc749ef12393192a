"""Map styles: every shipped style loads, broken files fall back with one line, user styles override."""

from __future__ import annotations

import pytest

from sovsplit.render.style import available_styles, load_style, load_style_file, polity_colour


def test_every_shipped_style_loads_without_warning():
    styles = available_styles()
    assert {"classic", "poster", "greyscale"} <= set(styles)
    for key in styles:
        style, warning = load_style(key)
        assert warning is None and style.key == key


def test_poster_and_greyscale_have_their_character():
    poster, _ = load_style("poster")
    assert poster.uppercase_titles and "Condensed" in poster.title_font_family
    grey, _ = load_style("greyscale")
    colour = polity_colour(grey, "west", "#b03a2e")
    assert colour[1:3] == colour[3:5] == colour[5:7]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("[map]\nocean = 'blue'\n", "not a colour"),
        ("[map\n", "not valid TOML"),
        ("[mapp]\n", "unknown section"),
        ("[map]\noceans = '#ffffff'\n", "unknown key"),
        ("[map]\npolity_opacity = 3\n", "between 0 and 1"),
        ("[text]\ntitle_weight = 'fat'\n", "title_weight"),
    ],
)
def test_broken_style_gives_one_line_and_falls_back(tmp_path, text, fragment):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    style, warning = load_style(str(path))
    assert style.key == "classic"
    assert fragment in warning and "broken.toml" in warning and "\n" not in warning


def test_user_style_dir_overrides_and_adds(tmp_path):
    folder = tmp_path / "config" / "sovsplit" / "styles"  # XDG_CONFIG_HOME is tmp_path/config in tests
    folder.mkdir(parents=True)
    (folder / "classic.toml").write_text("[meta]\nname = 'Mine'\n[map]\nocean = '#123456'\n")
    (folder / "night.toml").write_text("[map]\nocean = '#000000'\n")
    assert available_styles()["classic"] == folder / "classic.toml"
    assert load_style("classic")[0].ocean == "#123456"
    assert load_style("night")[0].ocean == "#000000"


def test_load_style_file_names_the_file(tmp_path):
    with pytest.raises(ValueError) as err:
        load_style_file(tmp_path / "missing.toml")
    assert str(err.value) == "missing.toml: no such style file"
