#!/usr/bin/env bash
# The translation catalogues (src/vetrina/locale/<lang>/LC_MESSAGES/django.po). docs/translating.md
# says how to use it.
#   scripts/i18n.sh update   extract every marked string into the catalogues (new ones untranslated)
#   scripts/i18n.sh check    fail when a catalogue misses a string of the code, keeps one the code no
#                            longer has, or has an untranslated or fuzzy entry (scripts/lint.sh runs it)
#   scripts/i18n.sh todo     list the entries still to translate (untranslated or fuzzy)
#   scripts/i18n.sh compile  build the .mo files Django reads (make install runs it; Babel, no gettext)
set -euo pipefail
cd "$(dirname "$0")/.."

LANGS=(it)
PACKAGE=src/vetrina
VETRINA=$PWD/.venv/bin/vetrina
# The commands run inside the package; their data folder stays where the developer keeps it.
export VETRINA_DATA_DIR=${VETRINA_DATA_DIR:-$PWD/var}
# File names without line numbers: a catalogue's diff then shows changed strings, not moved lines,
# and branches that move code do not conflict in it.
EXTRACT=(makemessages --no-obsolete --no-wrap --add-location=file --ignore=static --ignore=tests)

need_gettext() {
  command -v xgettext >/dev/null && command -v msgfmt >/dev/null && return
  echo "GNU gettext (xgettext, msgfmt) is missing: run 'scripts/system-deps.sh' (as root), or" >&2
  echo "  sudo apt-get install -y gettext" >&2
  exit 1
}

extract() { # extract DIR: the catalogues of the package copy in DIR
  (cd "$1" && "$VETRINA" "${EXTRACT[@]}" "${LANGS[@]/#/--locale=}" --verbosity=0)
}

case "${1:-}" in
  update)
    need_gettext
    extract "$PACKAGE"
    scripts/i18n.sh todo || true
    ;;
  compile)
    # Babel (a dependency already) writes the same .mo files msgfmt would, fuzzy entries left out as
    # msgfmt leaves them, so that `make install` and `make demo` need no system package.
    for lang in "${LANGS[@]}"; do
      .venv/bin/pybabel -q compile --domain=django --directory="$PACKAGE/locale" --locale="$lang"
    done
    ;;
  check | todo)
    need_gettext
    tmp=$(mktemp -d -t vetrina-i18n.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    fresh=""
    if [ "$1" = check ]; then
      # Extract again from a copy of the code, beside a copy of the catalogues, and compare.
      cp -r "$PACKAGE" "$tmp/vetrina"
      extract "$tmp/vetrina"
      fresh=$tmp/vetrina/locale
    fi
    .venv/bin/python scripts/i18n_check.py "$1" "$PACKAGE/locale" "$fresh" "${LANGS[@]}"
    ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
