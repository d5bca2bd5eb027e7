#!/usr/bin/env bash
# Runs every test of GeoRegistry: unit tests, the storage suite on H2 and on PostgreSQL + PostGIS, and the
# Pax Exam integration tests on the distribution's bundles, modules in parallel.
#
# PostgreSQL: if GEOREGISTRY_TEST_POSTGRES_URL is already set it is used as is. Otherwise, when running as root
# on Debian, PostgreSQL 15 + PostGIS are installed with apt-get (once), started, and a test database is created.
# Without root the PostgreSQL suite is skipped and says so.
#
# Browser: the console's end-to-end tests (itests/console-e2e) drive Debian's Chromium with playwright-core on
# Node.js. When running as root on Debian, chromium and nodejs/npm are installed with apt-get if missing; without
# them those tests are skipped and say so.
set -euo pipefail
cd "$(dirname "$0")"

pg_db=georegistry_test
pg_user=georegistry
pg_password=georegistry

setup_postgres() {
  if [[ -n "${GEOREGISTRY_TEST_POSTGRES_URL:-}" ]]; then
    echo "run-tests: using PostgreSQL at ${GEOREGISTRY_TEST_POSTGRES_URL%%\?*}"
    return
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "run-tests: not root on Debian; the PostgreSQL storage suite will be skipped"
    return
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
    echo "run-tests: installing PostgreSQL and PostGIS from Debian packages"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
      postgresql postgresql-15-postgis-3 >/dev/null
  fi
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 50); do
    su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 0.2
  done
  su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='$pg_user'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"create role $pg_user login superuser password '$pg_password'\""
  su postgres -c "psql -qtAc \"select 1 from pg_database where datname='$pg_db'\"" | grep -q 1 \
    || su postgres -c "createdb -O $pg_user $pg_db"
  su postgres -c "psql -q -d $pg_db -c 'create extension if not exists postgis'"
  export GEOREGISTRY_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:5432/$pg_db?user=$pg_user&password=$pg_password"
  echo "run-tests: PostgreSQL $version with PostGIS ready ($pg_db)"
}

setup_browser() {
  if [[ -x /usr/bin/chromium ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    return
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "run-tests: not root on Debian; the console's browser tests will be skipped unless Chromium and Node.js are present"
    return
  fi
  echo "run-tests: installing Chromium and Node.js from Debian packages"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  local packages=(chromium)
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${packages[@]}" >/dev/null
}

setup_postgres
setup_browser
# -T 1C: modules build in parallel, one thread per core. The providers and emulators depend on the API only, so
# their tests run beside the core's, and the browser tests beside the integration tests.
exec mvn -B -T 1C verify "$@"
