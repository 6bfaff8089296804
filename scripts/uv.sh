#!/usr/bin/env bash
# Runs uv, installing it first into .tools/ (from PyPI) when missing, and pointing it at a local
# Python 3.12+ when one exists (Debian 12's python3 is 3.11; pyenv may hold newer ones).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .tools/bin/uv ]; then
  python3 -m venv .tools
  .tools/bin/pip install -q --disable-pip-version-check uv
fi
if [ -z "${UV_PYTHON:-}" ]; then
  for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9]; do
    if [ -x "$p" ] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      export UV_PYTHON=$p
      export UV_PYTHON_DOWNLOADS=${UV_PYTHON_DOWNLOADS:-never}
      break
    fi
  done
fi
exec .tools/bin/uv "$@"
