# What the OVN scripts share to read and ask: OVN's tools with a bounded wait
# (each dies of SIGALRM, status 142, when no server answers in time, so a dead
# or unreachable database fails the step instead of hanging the provisioner),
# and the daemons this library starts, found by their own pid files. Nothing
# here changes anything by itself: the read-only checks use it too.
nbctl() { ovn-nbctl --timeout="$wait_seconds" "$@"; }
ovn_appctl() { ovn-appctl --timeout="$wait_seconds" "$@"; }
db_client() { ovsdb-client --timeout="$wait_seconds" -vconsole:warn "$@"; }

# ovn-nbctl against the northbound database at remotes $1 (comma-separated,
# e.g. every member of a cluster), through the first that answers: a member,
# leader or follower (a follower passes writes on to its leader), that does not
# answer within 10 s is skipped. Given them all at once, ovn-nbctl gives up at
# the first one that refuses. The other arguments are ovn-nbctl's; its errors
# are printed only when no remote answers.
nbctl_any() {
  nb_remotes="$1"
  shift
  nb_errors=""
  while read -r nb_remote; do
    [ -n "$nb_remote" ] || continue
    if nb_out=$(ovn-nbctl --timeout=10 --db="$nb_remote" --no-leader-only "$@" 2>&1); then
      if [ -n "$nb_out" ]; then printf '%s\n' "$nb_out"; fi
      return 0
    fi
    nb_errors="$nb_errors
  $nb_remote: $nb_out"
  done <<REMOTES
$(printf '%s\n' "$nb_remotes" | tr ',' '\n')
REMOTES
  say "no OVN northbound database answered at $nb_remotes:$nb_errors"
  return 1
}

# An Open vSwitch value without its quotes. In $(…), but not in a pipe, so a
# silent Open vSwitch still fails the step.
ovs_text() {
  text=$(ovs "$@")
  printf '%s\n' "$text" | tr -d '"'
}

# Whether the daemon of pid file $1 runs: the pid in it is alive and was started
# with that very pid file (pids are reused). Sets daemon_pid.
daemon_alive() {
  daemon_pid=""
  [ -f "$1" ] || return 1
  daemon_pid=$(cat "$1" 2>/dev/null) || return 1
  case "$daemon_pid" in '' | *[!0-9]*) return 1 ;; esac
  tr '\0' '\n' <"/proc/$daemon_pid/cmdline" 2>/dev/null | grep -qxF -- "--pidfile=$1"
}
