#!/usr/bin/env bash
# Runs the distribution on a spare port, imports 100,000 facilities through POST /api/imports, then measures
# GET /api/geo-objects/{type}/{code} with 16 clients. Needs a prior `mvn -B verify -DskipTests`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-18181}"
work="$(mktemp -d)"
tar xzf "$root/distribution/target/georegistry-0.1.0-SNAPSHOT.tar.gz" -C "$work"
home="$work/georegistry-0.1.0-SNAPSHOT"
sed -i "s/org.osgi.service.http.port=.*/org.osgi.service.http.port=$port/" "$home/etc/georegistry.properties"
export GEOREGISTRY_ADMIN_PASSWORD="bench-password-1"
"$home/bin/georegistry" start
[[ -n "${KEEP:-}" ]] || trap '"$home/bin/georegistry" stop; rm -rf "$work"' EXIT
echo "server home: $home"
api="http://127.0.0.1:$port/api"
# /api/health answers before storage is migrated; /api/me only once everything runs.
for _ in $(seq 1 150); do curl -sf -u "admin:$GEOREGISTRY_ADMIN_PASSWORD" "$api/me" >/dev/null && break; sleep 0.2; done
post() { curl -sf -u "admin:$GEOREGISTRY_ADMIN_PASSWORD" -H 'Content-Type: application/json' -X POST "$api/$1" -d "$2" >/dev/null; }
post organizations '{"code":"moh","label":"MoH"}'
post geo-object-types '{"code":"district","organization":"moh","label":"District","geometryType":"none"}'
post geo-object-types '{"code":"facility","organization":"moh","label":"Facility","geometryType":"point","attributes":[{"code":"beds","label":"Beds","type":"integer"}]}'
post hierarchies '{"code":"admin","organization":"moh","label":"Admin","nodes":[{"type":"district"},{"type":"facility","parent":"district"}]}'
for d in $(seq 0 9); do post geo-objects "{\"type\":\"district\",\"code\":\"D$d\",\"label\":\"D$d\"}"; done
python3 - "$work/import.json" <<'PY'
import json, sys
rows = ["code,name,beds,lat,lon,district,uid"]
for i in range(100000):
    rows.append(f"F{i},Facility {i},{i % 300},{-10 + (i % 2000) / 100.0},{20 + (i % 3000) / 100.0},D{i % 10},U{i:010d}")
json.dump({"config": {"format": "csv", "type": "facility", "hierarchy": "admin", "codeColumn": "code", "labelColumn": "name",
           "attributes": {"beds": "beds"}, "geometry": {"kind": "latlon", "latColumn": "lat", "lonColumn": "lon"},
           "parent": {"strategy": "code", "column": "district"}, "externalSystem": "dhis2", "externalIdColumn": "uid"},
           "content": "\n".join(rows) + "\n"}, open(sys.argv[1], "w"))
PY
start=$(date +%s.%N)
id=$(curl -sf -u "admin:$GEOREGISTRY_ADMIN_PASSWORD" -H 'Content-Type: application/json' -X POST "$api/imports" \
  --data-binary @"$work/import.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  status=$(curl -sf -u "admin:$GEOREGISTRY_ADMIN_PASSWORD" "$api/imports/$id")
  echo "$status" | grep -q '"status":"RUNNING"' || break
  sleep 0.5
done
echo "BENCHMARK REST import of 100000 rows inside the server: $(echo "$(date +%s.%N) - $start" | bc) s: $(echo "$status" | cut -c1-300)"
[[ -n "${KEEP:-}" ]] && exit 0
java -cp "$root/bundles/org.georegistry.core/target/test-classes" org.georegistry.core.benchmark.GetBenchmark \
  "http://127.0.0.1:$port" admin "$GEOREGISTRY_ADMIN_PASSWORD" 100000 16 10
grep -E "ERROR|Exception" "$home/logs/georegistry.log" | grep -v spifly | head -5 || true
