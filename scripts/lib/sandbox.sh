# shellcheck shell=bash
# Starting plenigo-sandbox from bash scripts. Source this file, then:
#
#   start_sandbox url                                  # $url = http://127.0.0.1:PORT
#   start_sandbox tls_url --tls --ca-cert-out "$ca"    # $tls_url = https://127.0.0.1:PORT
#
# start_sandbox VAR [ARGS...] starts "${PLENIGO_SANDBOX_BIN:-target/release/plenigo-sandbox}"
# ARGS... in the background with a fresh --url-file, waits up to 10 s for that file and
# sets VAR to the URL in it. When the sandbox does not start, it says why on stderr (with
# the end of the sandbox's stderr) and returns 1 (under `set -e` the script stops).
# Call it in the script's own shell, not in $(...) or a pipeline: it must stay the
# sandbox's parent to stop it.
#
# Every sandbox started is stopped (SIGTERM, then waited for) and its temp files removed
# by sandbox_cleanup, which runs on EXIT: the first start_sandbox installs an EXIT trap
# that runs sandbox_cleanup and then whatever EXIT trap the script had set before. A
# script that sets its own EXIT trap after starting a sandbox replaces that trap: it should
# call sandbox_cleanup from its trap (sandbox_cleanup may run any number of times).
#
# The sandbox's stdout and stderr (one line per API request) go to files in the temp
# directory; $sandbox_log holds the path of the stderr file of the latest sandbox started.

# The PIDs of the sandboxes started, and their temp directories.
_sandbox_pids=()
_sandbox_dirs=()

# Stops every sandbox started and removes their temp files.
sandbox_cleanup() {
    local pid
    if ((${#_sandbox_pids[@]})); then
        for pid in "${_sandbox_pids[@]}"; do
            kill "$pid" 2>/dev/null || true
        done
        for pid in "${_sandbox_pids[@]}"; do
            wait "$pid" 2>/dev/null || true
        done
    fi
    if ((${#_sandbox_dirs[@]})); then
        rm -rf -- "${_sandbox_dirs[@]}"
    fi
    _sandbox_pids=()
    _sandbox_dirs=()
}

# The EXIT trap: sandbox_cleanup, then the trap that was there before (with the exit
# status it would have seen).
_sandbox_on_exit() {
    local status=$?
    sandbox_cleanup
    if [[ -z ${_sandbox_previous_exit_trap:-} ]]; then
        return 0
    fi
    # Run it with $? set to the exit status (`||` keeps `set -e` from firing on it).
    (exit "$status") || eval "$_sandbox_previous_exit_trap"
    if ((status == 0)); then
        eval "$_sandbox_previous_exit_trap"
    fi
}

# Installs the EXIT trap unless it is in place, keeping the script's own EXIT trap.
_sandbox_install_exit_trap() {
    local current
    current=$(trap -p EXIT)
    if [[ $current == *_sandbox_on_exit* ]]; then
        return 0
    fi
    _sandbox_previous_exit_trap=""
    if [[ -n $current ]]; then
        # `trap -p` prints `trap -- 'COMMAND' EXIT`, quoted for eval.
        eval "set -- $current"
        _sandbox_previous_exit_trap=$3
    fi
    trap _sandbox_on_exit EXIT
}

# start_sandbox VAR [ARGS...]: starts a sandbox and sets VAR to its URL.
start_sandbox() {
    if [[ $# -lt 1 || ! $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        echo "start_sandbox: usage: start_sandbox VAR [plenigo-sandbox arguments...]" >&2
        return 2
    fi
    local var=$1
    shift
    local bin=${PLENIGO_SANDBOX_BIN:-target/release/plenigo-sandbox}
    if [[ ! -x $bin ]]; then
        echo "start_sandbox: $bin is not an executable (build it, or set PLENIGO_SANDBOX_BIN)" >&2
        return 1
    fi
    _sandbox_install_exit_trap
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/plenigo-sandbox.XXXXXX") || return 1
    _sandbox_dirs+=("$dir")
    "$bin" --url-file "$dir/url" "$@" >"$dir/stdout" 2>"$dir/stderr" &
    local pid=$!
    _sandbox_pids+=("$pid")
    sandbox_log=$dir/stderr
    local tries=0
    while [[ ! -e $dir/url ]]; do
        if ! kill -0 "$pid" 2>/dev/null || ((tries >= 100)); then
            local why="exited"
            if kill -0 "$pid" 2>/dev/null; then
                why="did not write its URL within 10 s"
                kill "$pid" 2>/dev/null || true
            fi
            local code=0
            wait "$pid" 2>/dev/null || code=$?
            # Waited for: its PID is no longer ours to signal.
            unset "_sandbox_pids[$((${#_sandbox_pids[@]} - 1))]"
            {
                echo "start_sandbox: $bin${*:+ $*} $why (exit status $code); its stderr ends:"
                tail -n 40 "$dir/stderr"
            } >&2
            return 1
        fi
        sleep 0.1
        tries=$((tries + 1))
    done
    printf -v "$var" '%s' "$(<"$dir/url")"
}
