# Sourced by .ci/run: start a throwaway PostgreSQL cluster on loopback and export its URL.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d)
chown postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" \
  -o "-c listen_addresses=127.0.0.1 -p 54329 -k $pg_dir" -w start >/dev/null
export OPSPORING_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:54329/postgres"
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true' EXIT
