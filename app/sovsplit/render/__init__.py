"""Qt-free rendering: the style model and the matplotlib map exporter."""

from sovsplit.render import artist_docs

artist_docs.install()  # before any renderer module imports matplotlib
