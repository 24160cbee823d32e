#!/usr/bin/env bash
# Prepare a fresh machine (Debian, Python 3.11, Node/npm, local PostgreSQL and Redis):
# system packages, virtualenv, Python and npm packages, database, translations, static files.
# Safe to run again: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
need_apt=()
command -v msgfmt >/dev/null || need_apt+=(gettext)
command -v chromium >/dev/null || need_apt+=(chromium)
# Mailbox intake is tested against a real IMAP server (tests/servers/dovecot.py starts
# its own instance; the system service is never used).
[ -x /usr/sbin/dovecot ] && dpkg -s dovecot-imapd >/dev/null 2>&1 || need_apt+=(dovecot-imapd)
# The two-node test and bench/nodes.py put Debian's nginx in front of gunicorn nodes
# (tests/servers/web.py starts its own instance; the system service is never used).
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
# WeasyPrint (formal letters) needs Pango, HarfBuzz's subsetter and a font; pdftoppm
# (poppler-utils) turns a letter into PNG for the tests and screenshots.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

bash scripts/services.sh

# The replica test (tests/ops/test_replica.py) copies this cluster with pg_basebackup:
# the local cluster must accept replication connections from 127.0.0.1 (PostgreSQL 15's
# defaults already give wal_level=replica and max_wal_senders=10; a line in pg_hba.conf
# is all that is missing on Debian). Idempotent: nothing changes on a second run.
PSQL=(psql -h 127.0.0.1 -U postgres -tAqc)
HBA=$("${PSQL[@]}" "SHOW hba_file")
if [ -f "$HBA" ] && ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
  echo "==> pg_hba.conf: replication from 127.0.0.1"
  echo "host replication all 127.0.0.1/32 trust" >> "$HBA"
  "${PSQL[@]}" "SELECT pg_reload_conf()" >/dev/null
fi
if [ "$("${PSQL[@]}" "SHOW wal_level")" = "minimal" ] || [ "$("${PSQL[@]}" "SHOW max_wal_senders")" -lt 2 ]; then
  echo "==> wal_level=replica, max_wal_senders=10 (PostgreSQL restart)"
  "${PSQL[@]}" "ALTER SYSTEM SET wal_level = 'replica'" >/dev/null
  "${PSQL[@]}" "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> virtualenv"
  "$PYTHON" -m venv .venv
fi
echo "==> pip install"
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 \
  | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "pip install failed" >&2; exit 1; }

echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "==> translations"
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

DB_NAME=$(.venv/bin/python -c "import environ;print(environ.Env().db('DATABASE_URL', default='postgres://postgres@127.0.0.1:5432/pqrdesk')['NAME'])")
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'" | grep -q 1; then
  echo "==> createdb ${DB_NAME}"
  createdb -h 127.0.0.1 -U postgres "${DB_NAME}"
fi
