#!/usr/bin/env bash
# Installs what Vetrina needs from Debian's packages when it is missing: GNU gettext (msgfmt builds the
# translations at `make install`, xgettext extracts them), Chromium (browser tests) and PostgreSQL
# (the suite's second run). `system-deps.sh gettext` looks at gettext only. Needs root for apt; says
# so otherwise.
set -euo pipefail

wanted=("${@:-all}")
wants() { [[ " ${wanted[*]} " == *" all "* || " ${wanted[*]} " == *" $1 "* ]]; }

missing=()
if wants gettext; then
  { command -v msgfmt && command -v xgettext; } >/dev/null || missing+=(gettext)
fi
if wants chromium; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if wants postgresql; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them as root:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
