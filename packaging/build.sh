#!/usr/bin/env bash
# Build the sovsplit wheel and the one-folder desktop bundle into packaging/out/.
#   bash packaging/build.sh [--wheel] [--bundle] [--tarball]     (no option: wheel and bundle)
# Results: packaging/out/sovsplit-VERSION-py3-none-any.whl
#          packaging/out/dist/sovsplit/            the bundle; run packaging/out/dist/sovsplit/sovsplit
#          packaging/out/sovsplit-VERSION-linux-ARCH.tar.gz   with --tarball
# Env: PYTHON (makes the build venv packaging/out/build-venv; default python3),
#      SOVSPLIT_BUILD_PYTHON (build with this interpreter instead; it needs sovsplit's dependencies and
#      PyInstaller, e.g. a venv made by `pip install -e '.[packaging]'`),
#      SOVSPLIT_BUILD_OUT (output folder instead of packaging/out; the tests build into a temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${SOVSPLIT_BUILD_OUT:-packaging/out}
want_wheel=0 want_bundle=0 want_tar=0
for arg in "$@"; do
  case "$arg" in
    --wheel) want_wheel=1 ;; --bundle) want_bundle=1 ;; --tarball) want_tar=1 ;;
    *) echo "build.sh: unknown option $arg (use --wheel, --bundle, --tarball)" >&2; exit 2 ;;
  esac
done
[ $want_wheel = 1 ] || [ $want_bundle = 1 ] || { want_wheel=1; want_bundle=1; }
[ $want_tar = 0 ] || want_bundle=1
mkdir -p "$OUT"
step() { echo "build.sh: $*" >&2; }

if [ -n "${SOVSPLIT_BUILD_PYTHON:-}" ]; then
  PY=$SOVSPLIT_BUILD_PYTHON
else
  PY=$OUT/build-venv/bin/python
  if [ ! -x "$PY" ]; then
    step "creating the build venv $OUT/build-venv"
    "${PYTHON:-python3}" -m venv "$OUT/build-venv"
  fi
  # Editable, so the bundle is built from this checkout's code; the dependencies are what the wheel declares.
  step "installing sovsplit's dependencies and PyInstaller into the build venv"
  "$PY" -m pip install -q --disable-pip-version-check -e . "pyinstaller>=6.10"
fi
VERSION=$("$PY" -c 'import sys; sys.path.insert(0, "app"); import sovsplit; print(sovsplit.__version__)')

if [ $want_wheel = 1 ]; then
  step "building the wheel"
  rm -f "$OUT"/sovsplit-*.whl
  "$PY" -m pip wheel -q --disable-pip-version-check --no-deps -w "$OUT" .
  ls "$OUT"/sovsplit-*.whl
fi

if [ $want_bundle = 1 ]; then
  # PyInstaller collects Qt's platform plugins only if they load on the build machine, so it needs Qt's own
  # system libraries, and for the X11 plugin (desktops) the xcb ones; it bundles the latter for the users.
  QT_BUILD_LIBS="libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 \
libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
libxcb-xkb1 libx11-xcb1"
  "$PY" -c 'from PySide6 import QtGui, QtWidgets' 2>/dev/null || {
    echo "build.sh: Qt does not load here; on Debian/Ubuntu: apt-get install $QT_BUILD_LIBS" >&2; exit 1; }
  # PyInstaller needs objdump and Python's shared library, which Debian and Ubuntu package separately.
  command -v objdump >/dev/null || { echo "build.sh: PyInstaller needs objdump: apt-get install binutils" >&2; exit 1; }
  "$PY" -c 'import ctypes, sys, sysconfig; ctypes.CDLL(sysconfig.get_config_var("INSTSONAME"))' 2>/dev/null || {
    echo "build.sh: PyInstaller needs Python's shared library: apt-get install libpython3.$("$PY" -c 'import sys; print(sys.version_info[1])')" >&2
    exit 1; }
  step "building the bundle with PyInstaller (a few minutes)"
  "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT/dist" --workpath "$OUT/work" \
    packaging/sovsplit.spec
  B=$OUT/dist/sovsplit
  for plugin in offscreen xcb; do  # xcb also serves Wayland desktops through XWayland
    [ -f "$B/_internal/PySide6/Qt/plugins/platforms/libq$plugin.so" ] || {
      echo "build.sh: the bundle lacks Qt's $plugin platform plugin (its libraries are missing on this machine);" \
        "on Debian/Ubuntu: apt-get install $QT_BUILD_LIBS" >&2; exit 1; }
  done
  # Desktop integration files, laid out as under /usr so packagers can copy share/ as it is.
  install -D -m644 packaging/sovsplit.desktop "$B/share/applications/io.github.sovsplit.Sovsplit.desktop"
  install -D -m644 styles/icons/sovsplit.svg "$B/share/icons/hicolor/scalable/apps/io.github.sovsplit.Sovsplit.svg"
  install -D -m644 packaging/io.github.sovsplit.Sovsplit.metainfo.xml \
    "$B/share/metainfo/io.github.sovsplit.Sovsplit.metainfo.xml"
  install -m755 packaging/install-desktop.sh "$B/install-desktop.sh"
  # The spec wrote licenses/ (every bundled distribution); the README says what the folder is.
  install -m644 README.md "$B/README.md"
  "$B/sovsplit" --version
  step "bundle: $B ($(du -sh "$B" | cut -f1))"
  if [ $want_tar = 1 ]; then
    TAR=$OUT/sovsplit-$VERSION-linux-$(uname -m).tar.gz
    tar -C "$OUT/dist" -czf "$TAR" sovsplit
    step "tarball: $TAR ($(du -h "$TAR" | cut -f1))"
  fi
fi
