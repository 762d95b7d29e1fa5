#!/usr/bin/env bash
# Captures how real servers and tools word a refused login or a denied permission, for the rows of
# src/test/resources/rules/real-world-messages.txt ("captured" sections): each scenario runs a
# container from scripts/test-images.sh (plus dockmedic-test/auth, built here), provokes the failure
# over the container's own loopback and prints the server's log and the client's words.
#
#   test-images/capture-messages.sh [OUT_DIR]      (default: a temporary folder, printed at the end)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$(mktemp -d)}
PREFIX=${PREFIX:-dmmsg}
LABEL=${LABEL:-io.dockmedic.test=messages}
mkdir -p "$OUT"

docker image inspect dockmedic-test/postgres >/dev/null 2>&1 \
  || { echo "capture-messages: images missing; run scripts/test-images.sh" >&2; exit 1; }
docker build -q -t dockmedic-test/auth "$ROOT/test-images/auth" >/dev/null 2>&1 \
  || { echo "capture-messages: building dockmedic-test/auth failed" >&2; exit 1; }

cleanup() { docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null; }
trap cleanup EXIT
cleanup

run() { docker run -d --name "$PREFIX-$1" --label "$LABEL" --network none "${@:2}" >/dev/null; }
ex() { local name=$1; shift; docker exec "$PREFIX-$name" "$@" 2>&1 || true; }
wait_for() { # name command...
  local name=$1; shift
  for _ in $(seq 1 100); do docker exec "$PREFIX-$name" "$@" >/dev/null 2>&1 && return 0; sleep 0.3; done
  echo "capture-messages: $name never became ready" >&2; docker logs "$PREFIX-$name" >&2; exit 1
}
server_log() { docker logs "$PREFIX-$1" >"$OUT/$1.server.log" 2>&1; }

# --- PostgreSQL: a wrong password, a role without grants --------------------------------------------
run pg dockmedic-test/postgres
wait_for pg pg_isready -q -h 127.0.0.1
ex pg psql -q -X -d appdb -c "CREATE ROLE app LOGIN PASSWORD 'app'; CREATE TABLE payroll (id int);" >/dev/null
{
  ex pg env PGPASSWORD=wrong psql -X -h 127.0.0.1 -U app -d appdb -c 'SELECT 1'
  ex pg env PGPASSWORD=app psql -X -h 127.0.0.1 -U app -d appdb -c 'SELECT * FROM payroll'
  ex pg env PGPASSWORD=app psql -X -h 127.0.0.1 -U app -d appdb -c 'CREATE DATABASE reports'
} >"$OUT/pg.client.log"
server_log pg

# --- Redis: requirepass and an ACL user without rights ----------------------------------------------
run redis dockmedic-test/redis --requirepass s3cret
wait_for redis redis-cli -a s3cret --no-auth-warning PING
ex redis redis-cli -a s3cret --no-auth-warning ACL SETUSER reader on '>reader' '~*' '+get' >/dev/null
{
  ex redis redis-cli PING
  ex redis redis-cli -a wrong --no-auth-warning PING
  ex redis redis-cli --user reader --pass reader --no-auth-warning SET k v
} >"$OUT/redis.client.log"
server_log redis

# --- MariaDB: a wrong password, a user without a grant ---------------------------------------------
run mariadb dockmedic-test/auth bash -c 'mkdir -p /run/mysqld && chown mysql /run/mysqld && exec mariadbd --user=mysql --log-warnings=2'
wait_for mariadb mariadb -e 'SELECT 1'
ex mariadb mariadb -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id int); CREATE USER 'app'@'localhost' IDENTIFIED BY 'app';" >/dev/null
{
  ex mariadb mariadb -u app -pwrong -e 'SELECT 1'
  ex mariadb mariadb -u app -papp -e 'SELECT * FROM shop.orders'
  ex mariadb mariadb -u app -papp -e 'DROP DATABASE shop'
} >"$OUT/mariadb.client.log"
server_log mariadb

# --- Mosquitto: a wrong password, a topic the ACL does not allow -----------------------------------
run mosquitto dockmedic-test/auth bash -c 'mkdir -p /run/mosquitto && chown mosquitto /run/mosquitto && exec mosquitto -c /etc/mosquitto/mosquitto.conf'
wait_for mosquitto mosquitto_sub -h 127.0.0.1 -u sensor -P s3cret -t plant/x -C 1 -W 1 -E
{
  ex mosquitto mosquitto_pub -h 127.0.0.1 -u sensor -P wrong -t plant/boiler -m 71
  ex mosquitto mosquitto_pub -h 127.0.0.1 -t plant/boiler -m 71
  ex mosquitto mosquitto_pub -h 127.0.0.1 -u sensor -P s3cret -t plant/boiler -m 71 -d
} >"$OUT/mosquitto.client.log"
sleep 1
server_log mosquitto

# --- sudo and su: a user who may not, a wrong password ---------------------------------------------
run sudo dockmedic-test/auth sleep 60
{
  ex sudo su app -c 'sudo -n true'
  ex sudo su app -c 'echo wrong | sudo -S true'
  ex sudo su app -c 'echo wrong | su ops -c true'
  ex sudo su app -c 'cat /etc/shadow'
  ex sudo su app -c 'touch /var/lib/mysql/x'
} >"$OUT/sudo.client.log"

# --- nginx: basic auth with a wrong password, a path denied by rule --------------------------------
run nginx dockmedic-test/nginx
wait_for nginx curl -s -o /dev/null http://127.0.0.1/
ex nginx sh -c 'printf "bob:{PLAIN}secret\n" > /etc/nginx/htpasswd
cat > /tmp/auth.conf <<CONF
worker_processes 1;
pid /tmp/nginx-auth.pid;
error_log /proc/1/fd/2 info;
events { worker_connections 16; }
http {
  access_log /proc/1/fd/1;
  server {
    listen 127.0.0.1:8081;
    location /admin/ { auth_basic "admin"; auth_basic_user_file /etc/nginx/htpasswd; }
    location /internal/ { deny all; }
  }
}
CONF
nginx -c /tmp/auth.conf' >/dev/null
{
  ex nginx curl -s -o /dev/null -w '%{http_code}\n' -u bob:wrong http://127.0.0.1:8081/admin/
  ex nginx curl -s -o /dev/null -w '%{http_code}\n' -u alice:x http://127.0.0.1:8081/admin/
  ex nginx curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:8081/internal/metrics
} >"$OUT/nginx.client.log"
sleep 1
server_log nginx

for f in "$OUT"/*.log; do echo "=== $(basename "$f")"; cat "$f"; done
echo "capture-messages: done: $OUT"
