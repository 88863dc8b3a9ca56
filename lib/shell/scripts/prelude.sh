set -eu
step="starting"
signal=""
say() { printf 'cdktf-docker-network [%s]: %s\n' "$CDN_SUBJECT" "$*" >&2; }
die() { say "$*"; exit 1; }
# The longest wait for one Open vSwitch or Docker command, in seconds: a dead or
# hung daemon fails the step with a message instead of hanging the provisioner.
# 30 unless the host's environment sets CDN_WAIT_SECONDS (a slow host).
# (Read with nounset off: a shell builtin, as the host may have no more than sh on its PATH.)
set +u
wait_seconds=$CDN_WAIT_SECONDS
set -u
[ -n "$wait_seconds" ] || wait_seconds=30
case "$wait_seconds" in
  *[!0-9]* | 0*) die "CDN_WAIT_SECONDS in this host's environment must be a whole number of seconds from 1, not '$wait_seconds'" ;;
esac
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2"; }

# Runs however the script ends: done, failed, or interrupted by INT, TERM or HUP
# (Ctrl-C on Terraform, kill, a hang-up), which exit with the usual 128+n.
finish() {
  rc=$?
  trap '' INT TERM HUP
  cleanup_on_exit
  if [ -n "$signal" ]; then
    say "interrupted by SIG$signal while $step (exit $rc)"
  elif [ "$rc" -ne 0 ]; then
    say "failed while $step (exit $rc)"
  fi
  exit "$rc"
}
on_signal() { signal="$1"; exit "$2"; }
# shellcheck disable=SC2317 # a hook, redefined by scripts that make something temporary
cleanup_on_exit() { :; }
trap finish EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# ovs-vsctl, bounded: it dies of SIGALRM (status 142) when ovsdb-server, or
# ovs-vswitchd applying a change, does not answer in time.
ovs() {
  ovs_rc=0
  ovs-vsctl --timeout="$wait_seconds" "$@" || ovs_rc=$?
  [ "$ovs_rc" -ne 142 ] || die "Open vSwitch did not answer within $wait_seconds s while $step: are ovsdb-server and ovs-vswitchd running? (systemctl status openvswitch-switch)"
  return "$ovs_rc"
}

# The docker CLI, bounded: coreutils timeout exits 124 when dockerd does not
# answer in time. --foreground keeps docker in this process group, so an
# interrupt of the group reaches it too.
docker_cli() {
  docker_rc=0
  timeout --foreground "$wait_seconds" docker "$@" || docker_rc=$?
  [ "$docker_rc" -ne 124 ] || die "Docker did not answer within $wait_seconds s while $step: is dockerd running? (systemctl status docker)"
  return "$docker_rc"
}
