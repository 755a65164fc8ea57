# shellcheck shell=bash
# What every scripts/bench-<part> shares. Source it, then:
#
#   start_canned_nginx VAR     # $VAR = http://127.0.0.1:PORT, nginx answering the SDK's
#                              # has-user-bought GET with a canned 204 (the wire's floor)
#   bench_nginx_worker         # the PID of its worker process
#   bench_calls N              # N calls per measurement, or fewer with BENCH_QUICK=1
#   bench_native_lib           # the path of libplenigo.so as the packages ship it
#
# A part prints its measurements on stdout, one line each, `BENCH ` and a JSON object
# (everything else goes to stderr); scripts/lib/bench-report.py makes BENCHMARKS.md of them:
#
#   {"row": "php.package", "label": "PHP package, CLI loop", "baseline": "php.curl.reused",
#    "goal": "<= 1.0", "cmd": "scripts/bench-php", "round": 2,
#    "cpu_us": 123.4, "cs": 1.02}
#
# - row: a stable id; label: what the table calls it; cmd: how to run just this part.
# - baseline: the row id it is compared with, measured in the same process, interleaved
#   with it round by round (every round measures both); ratio = row / baseline per round.
# - goal (optional): "<= X" or ">= X" on that ratio.
# - round: 1..BENCH_ROUNDS; the report takes medians and min-max over rounds.
# - the figure, one of: cpu_us + cs (CPU time of the whole client process, all threads,
#   user + system, and voluntary + involuntary context switches, each per call, from
#   getrusage(RUSAGE_SELF) or /proc over BENCH_CALLS calls); per_s (throughput, where wall
#   time is the point: pages/s, requests/s); or value + unit (a single figure: MiB, ms).
#   An optional rss_mib may go beside any of them.
#
# Environment every part gets from scripts/bench: BENCH_ROUNDS, BENCH_CALLS, BENCH_QUICK
# (1 in the short mode the test command runs), BENCH_OUT (the directory for scratch files).

# The has-user-bought path every CPU-per-call row calls (the sandbox fixture's IDs).
BENCH_COMPANY=23NuCmdPoiRRkQiCqP9Q
BENCH_SECRET=QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj
BENCH_CUSTOMER=56202510
BENCH_PRODUCT=RgKUHT78563989856641
BENCH_APP=ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G
export BENCH_COMPANY BENCH_SECRET BENCH_CUSTOMER BENCH_PRODUCT BENCH_APP

_bench_nginx_dirs=()

# Stops the nginx instances started here.
bench_nginx_cleanup() {
    local dir
    for dir in "${_bench_nginx_dirs[@]}"; do
        [[ -f $dir/nginx.pid ]] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
        rm -rf -- "$dir"
    done
    _bench_nginx_dirs=()
}

# start_canned_nginx VAR: nginx on a free loopback port with one worker, keep-alive without a
# request limit, no access log, and a canned `204 No Content` for /api/v2/access/app/.
start_canned_nginx() {
    local var=$1 dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/plenigo-bench-nginx.XXXXXX")
    _bench_nginx_dirs+=("$dir")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    client_body_temp_path $dir;
    proxy_temp_path $dir;
    fastcgi_temp_path $dir;
    uwsgi_temp_path $dir;
    scgi_temp_path $dir;
    server {
        listen 127.0.0.1:$port;
        location /api/v2/access/app/ { return 204; }
        location / { return 404; }
    }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir" || return 1
    local tries=0
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
        ((tries++ < 50)) || { echo "start_canned_nginx: nginx did not listen" >&2; return 1; }
        sleep 0.1
    done
    printf -v "$var" 'http://127.0.0.1:%s' "$port"
}

# bench_calls N: N, or N/20 (at least 50) when BENCH_QUICK=1.
bench_calls() {
    if [[ ${BENCH_QUICK:-0} == 1 ]]; then
        local n=$(($1 / 20))
        echo $((n < 50 ? 50 : n))
    else
        echo "$1"
    fi
}

# bench_native_lib: the path of libplenigo.so as the packages ship it for this machine
# (target/dist/native/linux-x86_64, scripts/build-native: size-optimised, LTO, stripped), built
# first when missing or older than any source it is built from.
bench_native_lib() {
    local lib=target/dist/native/linux-x86_64/libplenigo.so
    if [[ ! -f $lib || -n $(find src bindings/ffi Cargo.toml Cargo.lock -newer "$lib" -type f -print -quit) ]]; then
        echo "building the distributed library (scripts/build-native linux-x86_64)" >&2
        scripts/build-native linux-x86_64 >&2 || return 1
    fi
    echo "$PWD/$lib"
}

# bench_nginx_worker: the PID of the worker process of the nginx start_canned_nginx started last.
bench_nginx_worker() {
    pgrep -P "$(cat "${_bench_nginx_dirs[-1]}/nginx.pid")" | head -n 1
}
