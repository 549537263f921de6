# Sourced by the benchmarks that make network namespaces (mdns-bench.sh, z2z-bench.sh).
#
#   run_in_namespaces LABEL SECONDS PATTERN VAR=VALUE PROGRAM [ARGS...]
#
# Runs PROGRAM (bounded by `timeout SECONDS`) with VAR=VALUE and a private TMPDIR, and exits with its
# status. The benchmark deletes its namespaces, daemons and temporary files itself; should it be
# killed, this ends what it left running inside its namespaces, deletes them and removes the TMPDIR.
# PATTERN names a function that, given the benchmark's pid (the child of `timeout`), prints an
# extended regex matching the names of the namespaces that process makes.
run_in_namespaces() {
  _bench_label=$1 _bench_limit=$2 _bench_pattern=$3 _bench_env=$4
  shift 4
  _bench_pid="" _bench_child=""
  _bench_tmp=$(mktemp -d -t "$_bench_label.XXXXXX")
  trap _bench_cleanup EXIT
  trap 'exit 130' INT TERM
  env "$_bench_env" TMPDIR="$_bench_tmp" timeout -k 10 "$_bench_limit" "$@" &
  _bench_pid=$!
  for _ in $(seq 50); do
    _bench_child=$(pgrep -P "$_bench_pid" || true)
    [ -z "$_bench_child" ] || break
    sleep 0.1
  done
  local status=0
  wait "$_bench_pid" || status=$?
  _bench_pid=""
  exit "$status"
}

_bench_cleanup() {
  if [ -n "$_bench_pid" ]; then
    kill -TERM "$_bench_pid" 2>/dev/null || true
    wait "$_bench_pid" 2>/dev/null || true
  fi
  if [ -n "$_bench_child" ]; then
    local left
    left=$(ip netns list | awk '{print $1}' | grep -E "$("$_bench_pattern" "$_bench_child")" || true)
    for ns in $left; do
      # shellcheck disable=SC2046
      kill -TERM $(ip netns pids "$ns") 2>/dev/null || true
    done
    [ -z "$left" ] || sleep 2
    for ns in $left; do
      # shellcheck disable=SC2046
      kill -KILL $(ip netns pids "$ns") 2>/dev/null || true
      ip netns delete "$ns" 2>/dev/null || true
    done
  fi
  rm -rf "$_bench_tmp"
}
