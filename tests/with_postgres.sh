#!/usr/bin/env bash
# Run a command (the test suite) with a PostgreSQL server in OPSPORING_TEST_PG_URL.
#
#   tests/with_postgres.sh .venv/bin/pytest [ARGS...]
#
# With OPSPORING_TEST_PG_URL set, that server is used as it is. Otherwise, when PostgreSQL's
# programs are installed (initdb and pg_ctl on PATH, or Debian's /usr/lib/postgresql/*/bin), a
# throwaway server is made in a temporary folder, listens on a free port on 127.0.0.1 only, and
# is stopped and deleted when the command ends, however it ends. The command's exit status is
# this script's. Without PostgreSQL the command runs without it (its PostgreSQL tests skip, or
# fail under CI). One line says which it was. initdb refuses to run as root, so as root the
# server runs as the `postgres` user (which Debian's postgresql package creates).
set -uo pipefail

url_env=OPSPORING_TEST_PG_URL

if [ -n "${!url_env:-}" ]; then
  # The password, if the URL has one, is not printed.
  echo "PostgreSQL: $(sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#' <<<"${!url_env}") (fra $url_env)"
  exec "$@"
fi

pg_bin=""
if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
  pg_bin=$(dirname "$(command -v pg_ctl)")
else
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      pg_bin=$dir
      break
    fi
  done
fi
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL findes ikke: testene mod PostgreSQL springes over." \
    "Installer postgresql (fx apt-get install postgresql) eller sæt $url_env til en server."
  exec "$@"
fi

as_owner=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "PostgreSQL kan ikke startes som root, og brugeren postgres findes ikke:" \
      "installer postgresql (som opretter den) eller sæt $url_env til en server." >&2
    exit 1
  fi
  as_owner=("$(command -v runuser || echo /usr/sbin/runuser)" -u postgres --)
fi

pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/opsporing-pg.XXXXXX") || exit 1
started=""
stop_server() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 ||
      "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$pg_dir"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ ${#as_owner[@]} -eq 0 ] || chown postgres "$pg_dir"
if ! "${as_owner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 \
  --locale=C >"$pg_dir/initdb.log" 2>&1; then
  echo "PostgreSQL: initdb mislykkedes ($pg_bin/initdb):" >&2
  cat "$pg_dir/initdb.log" >&2
  exit 1
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 40000))
}

# The port is free when asked for but may be taken before the server binds it: then another.
for _ in 1 2 3 4 5; do
  port=$(free_port)
  if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off" >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "PostgreSQL: testserveren ville ikke starte ($pg_bin/pg_ctl); dens log:" >&2
  cat "$pg_dir/log" >&2 2>/dev/null
  exit 1
fi

export "$url_env=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL: egen testserver på 127.0.0.1:$port (PostgreSQL $("$pg_bin/pg_ctl" --version |
  awk '{print $3}'), slettes bagefter)"
"$@"
status=$?
exit "$status"
