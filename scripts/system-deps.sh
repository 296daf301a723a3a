#!/bin/sh
# Debian libraries Qt needs (offscreen and under X), fonts, Xvfb for screenshots,
# poppler-utils for reading PDFs back, binutils (objdump) for PyInstaller, and PostgreSQL's
# server with openssl for the team-database tests (a throwaway cluster each run). Installed when
# run as root on Debian; otherwise the missing ones are named so the user can install them.
PACKAGES="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
libxcb-shape0 libxkbcommon-x11-0 poppler-utils binutils postgresql openssl"

command -v dpkg-query >/dev/null 2>&1 || {
    echo "system-deps: not a Debian system; make sure Qt's libraries (libGL, libEGL, xkbcommon, fontconfig) and a TTF font are installed"
    exit 0
}
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "system-deps: apt-get failed to install:$missing" >&2
        exit 1
    }
else
    echo "system-deps: missing Debian packages:$missing"
    echo "system-deps: install them with: sudo apt-get install$missing"
fi
