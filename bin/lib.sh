# Shared by bin/run and bin/test: finds a Python >= 3.12 and keeps .venv in step with
# requirements.txt (bin/run) or requirements-test.txt (bin/test, the same plus the test tools):
# the locks bin/lock generates from pyproject.toml.
# Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs that are present but not selected.
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ -x "$candidate" ] && python_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

ensure_venv() {
  local requirements="${1:-requirements.txt}"
  if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
    local py
    if ! py="$(find_python)"; then
      echo "motcua cần Python 3.12 trở lên (needs Python >= 3.12), but none was found." >&2
      echo "Install it (e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12')," >&2
      echo "or point PYTHON at one: PYTHON=/path/to/python3.12 $0" >&2
      exit 1
    fi
    echo "» Creating .venv with $py ($("$py" --version))"
    rm -rf .venv
    "$py" -m venv .venv
  fi
  local want have
  want="$(cat "$requirements" requirements.txt | sha256sum | cut -d' ' -f1)"
  have="$(cat ".venv/.$requirements.sha256" 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    echo "» Installing Python packages ($requirements)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    # The locks pin every package with the hashes of its PyPI files (bin/lock makes them):
    # pip installs nothing else and nothing that differs from what was locked.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$requirements"
    echo "$want" > ".venv/.$requirements.sha256"
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
  export VIRTUAL_ENV="$ROOT/.venv"
}

ensure_chromium() {
  # Browser tests drive Debian's chromium through Playwright (Playwright cannot fetch its own);
  # the slip tests read the PDFs with poppler's pdftotext.
  local browser="${MOTCUA_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$browser" ] && command -v pdftotext >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "» Installing Debian's chromium and poppler-utils for the browser and slip tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null
  else
    echo "Browser tests need chromium at $browser and pdftotext: install them" >&2
    echo "(sudo apt-get install chromium poppler-utils), or set MOTCUA_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
}
