# The web stack of scripts/test-php-fpm and scripts/test-browser, sourced by both (bash):
# Debian's php8.2-fpm and nginx on 127.0.0.1, never touching /etc's running config.
#
#   php_stack_start ROOT LOGS BASE_URL [CA_FILE [PROJECT]]
#                      sets PHP_APP, PHP_PACKAGE, PHP_URL, PLAIN_URL, CHECKOUT_URL
#   php_stack_stop     (the caller's EXIT trap); logs go to LOGS
#
# The app is deployed to a fresh world-readable directory PHP_APP under /tmp, as to /srv on a
# server: php-fpm's workers run as www-data, which may not read a checkout under /root.
# - Without PROJECT: bindings/php and examples/checkout/php of ROOT (lib/libplenigo.so
#   included); PHP_PACKAGE is PHP_APP/bindings/php, the pages are its tests/fpm/pages.
# - With PROJECT, a Composer project made by tests/composer/project.sh (the package installed
#   in vendor/, the pages in public/): PHP_PACKAGE is PHP_APP/vendor/plenigo/plenigo-ffi, the
#   preload lines point into it, vendor/bin/preload-header writes the header, the pages are
#   served from public/, and the checkout example loads vendor/autoload.php.
# - PHP_URL serves bindings/php/tests/fpm/pages through php-fpm with the package preloaded by
#   exactly the php.ini lines of bindings/php/README.md (a conf.d file beside Debian's), one
#   worker (pm=static, pm.max_children=1), the pool passing PLENIGO_BASE_URL and
#   PLENIGO_EXTRA_CA_CERTS (a copy of CA_FILE) to PHP as the README shows.
# - PLAIN_URL serves the same pages through a second php-fpm with Debian's defaults only
#   (ffi.enable=preload, nothing preloaded): what a page gets before the set-up.
# - CHECKOUT_URL serves examples/checkout/php through the first php-fpm.

php_stack_pids=()
php_stack_dir=""
php_stack_logs=""

# A free TCP port on 127.0.0.1.
php_stack_port() {
    php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

# Waits until URL answers (any HTTP status).
php_stack_wait() {
    for _ in $(seq 100); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

# php_stack_fpm DIR SCAN_DIR BASE_URL CA [LINE...]: writes a php-fpm config for one pool in
# DIR (one static worker, the socket DIR/php-fpm.sock, any further LINEs such as `env[X] = y`
# at its end) and starts its master in the background; SCAN_DIR, when not empty, becomes
# PHP_INI_SCAN_DIR; CA, when not empty, is passed as PLENIGO_EXTRA_CA_CERTS.
php_stack_fpm() {
    local dir="$1" scan_dir="$2" base_url="$3" ca="$4"
    mkdir -p "$dir"
    cat >"$dir/php-fpm.conf" <<EOF
[global]
pid = $dir/php-fpm.pid
error_log = $dir/php-fpm.log
daemonize = no

[plenigo]
user = www-data
group = www-data
listen = $dir/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 1
catch_workers_output = yes
env[PLENIGO_BASE_URL] = $base_url
EOF
    [[ -z "$ca" ]] || echo "env[PLENIGO_EXTRA_CA_CERTS] = $ca" >>"$dir/php-fpm.conf"
    ((${#@} <= 4)) || printf '%s\n' "${@:5}" >>"$dir/php-fpm.conf"
    env ${scan_dir:+PHP_INI_SCAN_DIR="$scan_dir"} /usr/sbin/php-fpm8.2 --nodaemonize --fpm-config "$dir/php-fpm.conf" &
    php_stack_pids+=($!)
}

# One nginx server block: PORT, document ROOT, php-fpm SOCKET.
php_stack_server() {
    cat <<EOF
    server {
        listen 127.0.0.1:$1;
        root $2;
        index index.php;
        location ~ \.php\$ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_pass unix:$3;
        }
    }
EOF
}

php_stack_start() {
    local root="$1" base_url="$3" ca="" project="${5:-}" work package pages checkout
    php_stack_logs="$2"
    work="$(mktemp -d /tmp/plenigo-php-stack.XXXXXX)"
    php_stack_dir="$work"
    chmod 755 "$work"
    PHP_APP="$work/app"
    mkdir -p "$work/conf.d" "$work/nginx"
    if [[ -n "$project" ]]; then
        cp -r "$project" "$PHP_APP"
        rm -rf "$PHP_APP/.composer-home"
        package="$PHP_APP/vendor/plenigo/plenigo-ffi"
        pages="$PHP_APP/public"
        checkout="$PHP_APP/checkout"
        cp -r "$root/examples/checkout/php" "$checkout"
        # The documentation's page loads plenigo/Plenigo.php: in a Composer app, the autoloader.
        echo "<?php require_once __DIR__ . '/../../vendor/autoload.php';" >"$checkout/plenigo/Plenigo.php"
    else
        package="$PHP_APP/bindings/php"
        pages="$package/tests/fpm/pages"
        checkout="$PHP_APP/examples/checkout/php"
        mkdir -p "$PHP_APP/bindings" "$PHP_APP/examples/checkout"
        cp -r "$root/bindings/php" "$PHP_APP/bindings/"
        cp -r "$root/examples/checkout/php" "$PHP_APP/examples/checkout/"
    fi
    PHP_PACKAGE="$package"
    chmod -R a+rX "$PHP_APP"
    if [[ -n "${4:-}" ]]; then
        ca="$work/ca.pem"
        install -m 644 "$4" "$ca"
    fi

    # The php.ini lines of bindings/php/README.md, as a conf.d file.
    if [[ -n "$project" ]]; then
        php "$PHP_APP/vendor/bin/preload-header" >/dev/null
    else
        php "$package/bin/preload-header" >/dev/null
    fi
    chmod a+r "$package/lib/plenigo_preload.h"
    cat >"$work/conf.d/99-plenigo.ini" <<EOF
opcache.preload=$package/preload.php
opcache.preload_user=www-data
ffi.enable=preload
ffi.preload=$package/lib/plenigo_preload.h
EOF
    # Debian's conf.d first (the empty entry), then ours.
    php_stack_fpm "$work/fpm" ":$work/conf.d" "$base_url" "$ca"
    php_stack_fpm "$work/fpm-plain" "" "$base_url" "$ca"

    local port plain_port checkout_port
    port="$(php_stack_port)"
    plain_port="$(php_stack_port)"
    checkout_port="$(php_stack_port)"
    {
        echo "daemon off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;"
        echo "events { worker_connections 512; }"
        echo "http {"
        echo "    access_log off;"
        for t in client_body fastcgi proxy uwsgi scgi; do echo "    ${t}_temp_path $work/nginx/$t;"; done
        php_stack_server "$port" "$pages" "$work/fpm/php-fpm.sock"
        php_stack_server "$plain_port" "$pages" "$work/fpm-plain/php-fpm.sock"
        php_stack_server "$checkout_port" "$checkout" "$work/fpm/php-fpm.sock"
        echo "}"
    } >"$work/nginx/nginx.conf"
    nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    php_stack_pids+=($!)

    PHP_URL="http://127.0.0.1:$port"
    PLAIN_URL="http://127.0.0.1:$plain_port"
    CHECKOUT_URL="http://127.0.0.1:$checkout_port"
    for _ in $(seq 100); do
        [[ -S "$work/fpm/php-fpm.sock" && -S "$work/fpm-plain/php-fpm.sock" ]] && break
        sleep 0.1
    done
    php_stack_wait "$PHP_URL/" && php_stack_wait "$PLAIN_URL/" || {
        cat "$work/fpm/php-fpm.log" "$work/nginx/error.log" >&2 2>/dev/null
        return 1
    }
}

php_stack_stop() {
    local pid
    for pid in "${php_stack_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${php_stack_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    php_stack_pids=()
    if [[ -n "$php_stack_dir" ]]; then
        mkdir -p "$php_stack_logs"
        cp "$php_stack_dir/fpm/php-fpm.log" "$php_stack_logs/php-fpm.log" 2>/dev/null || true
        cp "$php_stack_dir/fpm-plain/php-fpm.log" "$php_stack_logs/php-fpm-plain.log" 2>/dev/null || true
        cp "$php_stack_dir/nginx/error.log" "$php_stack_logs/nginx-error.log" 2>/dev/null || true
        rm -rf "$php_stack_dir"
        php_stack_dir=""
    fi
}
