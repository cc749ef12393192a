#!/bin/sh
# Screenshots of the window for issue 17: first start, Primorsky to the East, an argument card, the dark
# theme and the comparison, at 1600x1000 and 1280x800 under Xvfb. Usage: tools/screenshots.sh OUT_DIR
set -eu
out="${1:?usage: tools/screenshots.sh OUT_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
mkdir -p "$out"
for size in 1600x1000 1280x800; do
    # A private settings folder: every run is a first start (sized to the screen, system theme).
    config="$(mktemp -d)"
    XDG_CONFIG_HOME="$config" XDG_STATE_HOME="$config/state" PYTHONPATH="$here/app${PYTHONPATH:+:$PYTHONPATH}" \
        xvfb-run -a -s "-screen 0 ${size}x24" "$python" "$here/tools/screenshot_driver.py" "$out" "$size"
    rm -rf "$config"
done
