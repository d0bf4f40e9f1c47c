# Sourced by .ci/run: start Debian's PostgreSQL, make a role and a database for the web app's tests, and
# export SCORECARD_TEST_DATABASE_URL (tests/web run against it as well as SQLite; they skip, saying why,
# without it). Never fails the run: without a server the PostgreSQL tests skip.
_scorecard_pg() {
  command -v pg_lsclusters >/dev/null 2>&1 || { echo "postgresql not installed: PostgreSQL web tests will be skipped" >&2; return 0; }
  local as_pg
  if [ "$(id -u)" = 0 ]; then as_pg="runuser -u postgres --"; else as_pg="sudo -n -u postgres"; fi
  local line ver name
  line=$(pg_lsclusters -h 2>/dev/null | head -1)
  if [ -z "$line" ]; then
    ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
    [ -n "$ver" ] || return 0
    pg_createcluster "$ver" main >/dev/null 2>&1 || { echo "could not create a PostgreSQL cluster" >&2; return 0; }
    line=$(pg_lsclusters -h | head -1)
  fi
  ver=$(echo "$line" | awk '{print $1}'); name=$(echo "$line" | awk '{print $2}')
  local port; port=$(echo "$line" | awk '{print $3}')
  if ! echo "$line" | grep -q online; then
    pg_ctlcluster "$ver" "$name" start 2>/dev/null || service postgresql start >/dev/null 2>&1 \
      || { echo "could not start PostgreSQL: its web tests will be skipped" >&2; return 0; }
  fi
  $as_pg psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'scorecard'" 2>/dev/null | grep -q 1 \
    || $as_pg psql -p "$port" -qc "CREATE ROLE scorecard LOGIN PASSWORD 'scorecard-test'" >/dev/null
  $as_pg psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'scorecard_test'" 2>/dev/null | grep -q 1 \
    || $as_pg createdb -p "$port" -O scorecard scorecard_test
  export SCORECARD_TEST_DATABASE_URL="postgresql://scorecard:scorecard-test@127.0.0.1:${port}/scorecard_test"
  echo "PostgreSQL $ver/$name on port $port for the web tests" >&2
}
_scorecard_pg || true
unset -f _scorecard_pg
