# Sourced: starts a throw-away PostgreSQL on 127.0.0.1 and exports DATABASE_URL.
# Runs as root (CI), so the cluster is owned by the `postgres` system user.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_PORT=${PG_PORT:-55432}
PG_DATA=$(mktemp -d /tmp/charte-pg.XXXXXX)
chown postgres:postgres "$PG_DATA"
su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$PG_DATA' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' -l '$PG_DATA/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c fsync=off\" start" >/dev/null
trap 'su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D \"$PG_DATA\" -m fast stop" >/dev/null 2>&1 || true' EXIT
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
