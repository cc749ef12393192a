#!/usr/bin/env bash
# Add this sovsplit bundle to your desktop's application menu and to ~/.local/bin (no root needed).
#   ./install-desktop.sh            install for the current user
#   ./install-desktop.sh --remove   undo it (the bundle folder itself is left alone)
set -euo pipefail
BUNDLE=$(cd "$(dirname "$0")" && pwd -P)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
ID=io.github.sovsplit.Sovsplit
DESKTOP=$DATA/applications/$ID.desktop
ICON=$DATA/icons/hicolor/scalable/apps/$ID.svg
METAINFO=$DATA/metainfo/$ID.metainfo.xml

if [ "${1:-}" = --remove ]; then
  rm -f "$DESKTOP" "$ICON" "$METAINFO"
  [ "$(readlink "$BIN/sovsplit" 2>/dev/null)" != "$BUNDLE/sovsplit" ] || rm -f "$BIN/sovsplit"
  echo "sovsplit: removed from the application menu"
  exit 0
fi
[ -x "$BUNDLE/sovsplit" ] || { echo "install-desktop.sh: run it from inside the sovsplit bundle folder" >&2; exit 1; }

mkdir -p "$BIN" "${DESKTOP%/*}" "${ICON%/*}" "${METAINFO%/*}"
ln -sfn "$BUNDLE/sovsplit" "$BIN/sovsplit"
# The menu entry runs this bundle by its full path, so it works even when ~/.local/bin is not on PATH.
sed "s|^Exec=sovsplit|Exec=\"$BUNDLE/sovsplit\"|" "$BUNDLE/share/applications/$ID.desktop" >"$DESKTOP"
cp "$BUNDLE/share/icons/hicolor/scalable/apps/$ID.svg" "$ICON"
cp "$BUNDLE/share/metainfo/$ID.metainfo.xml" "$METAINFO"
command -v update-desktop-database >/dev/null && update-desktop-database -q "${DESKTOP%/*}" || true
echo "sovsplit: added to the application menu; \`sovsplit\` now runs $BUNDLE/sovsplit"
