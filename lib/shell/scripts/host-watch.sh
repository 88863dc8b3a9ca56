#!/bin/sh
# The host's watcher: keeps what the ledger next to it declares in place
# without a Terraform run. A container that starts (docker restart, a stop and
# start, dockerd coming back) gets its static addresses again at once; every
# few seconds a check restores anything else that went missing: an OVN central
# or ovn-controller that is not running (a crash, a reboot), an OVN integration
# bridge that is gone, a fabric bridge detached from its Docker bridge after a
# reboot or an ovs-vswitchd restart, a veth lost while no event came. Each
# repair is the same idempotent create script Terraform runs. Long-running, so
# no `set -e`: a failed repair is logged and tried again at the next check.
dir=$(cd "$(dirname "$0")" && pwd)
echo "$$" >"$dir/watch.pid"
interval=3

log() { printf '%s cdktf-docker-network watcher: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# A value of a ledger record. Records hold names and addresses only, quoted as NAME='value'.
value_of() { sed -n "s/^$2='\(.*\)'\$/\1/p" "$1"; }

# Runs a create script with a record's values, in a subshell so they do not leak.
repair() {
  log "restoring $(value_of "$1" CDN_SUBJECT)"
  # shellcheck disable=SC1090 # a ledger record, written by the reconcile step
  if (. "$1" && sh "$dir/$2"); then log "restored $(value_of "$1" CDN_SUBJECT)"; else log "could not restore $(value_of "$1" CDN_SUBJECT): next try in $interval s"; fi
}

# Bounded, so a hung dockerd cannot stall the checks.
container_running() { [ "$(timeout 30 docker inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }

# The host end exists, is up and (on a Linux bridge) joined; the container end
# goes with it, since a veth pair dies whole.
attachment_in_place() {
  link=$(ip -o link show dev "$(value_of "$1" CDN_HOST_IF)" 2>/dev/null) || return 1
  case "$link" in *[\<,]UP[,\>]*) ;; *) return 1 ;; esac
  [ "$(value_of "$1" CDN_BRIDGE_KIND)" = ovs ] && return 0
  case "$link" in *" master $(value_of "$1" CDN_BRIDGE) "*) return 0 ;; esac
  return 1
}

# The fabric bridge is up and joined to its Docker bridge, and with the netdev
# datapath the underlay address sits on the physical bridge.
fabric_in_place() {
  link=$(ip -o link show dev "$(value_of "$1" CDN_OVS_BRIDGE)" 2>/dev/null) || return 1
  case "$link" in *" master $(value_of "$1" CDN_DOCKER_BRIDGE) "*) ;; *) return 1 ;; esac
  case "$link" in *[\<,]UP[,\>]*) ;; *) return 1 ;; esac
  [ "$(value_of "$1" CDN_DATAPATH)" = netdev ] || return 0
  ip -o -4 addr show dev "$(value_of "$1" CDN_PHY_BRIDGE)" 2>/dev/null | grep -q " $(value_of "$1" CDN_UNDERLAY_ADDRESS) "
}

# Whether the daemon of pid file $1 runs: its pid is alive and was started with
# that pid file (as the OVN scripts start them).
daemon_running() {
  pid=$(cat "$1" 2>/dev/null) || return 1
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "--pidfile=$1"
}

# The OVN central's database servers and ovn-northd run.
central_in_place() {
  central="$(value_of "$1" CDN_STATE_DIR)/$(value_of "$1" CDN_OWNER)/ovn-central/$(value_of "$1" CDN_OVN_CENTRAL)"
  for daemon in nb sb northd; do
    daemon_running "$central/$daemon.pid" || return 1
  done
}

# The integration bridge exists, ovn-controller runs, and with the netdev
# datapath the underlay address sits on the physical bridge.
chassis_in_place() {
  timeout 30 ovs-vsctl br-exists "$(value_of "$1" CDN_OVS_BRIDGE)" 2>/dev/null || return 1
  daemon_running "$(value_of "$1" CDN_STATE_DIR)/$(value_of "$1" CDN_OWNER)/ovn-chassis/ovn-controller.pid" || return 1
  [ "$(value_of "$1" CDN_DATAPATH)" = netdev ] || return 0
  ip -o -4 addr show dev "$(value_of "$1" CDN_PHY_BRIDGE)" 2>/dev/null | grep -q " $(value_of "$1" CDN_UNDERLAY_ADDRESS) "
}

check_all() {
  for record in "$dir"/objects/ovn-central.*.env; do
    [ -f "$record" ] || continue
    central_in_place "$record" || repair "$record" ovn-central-create.sh
  done
  for record in "$dir"/objects/ovn-chassis.*.env; do
    [ -f "$record" ] || continue
    chassis_in_place "$record" || repair "$record" ovn-chassis-create.sh
  done
  for record in "$dir"/objects/fabric-bridge.*.env; do
    [ -f "$record" ] || continue
    # Until Docker has made its bridge again there is nothing to join.
    ip link show dev "$(value_of "$record" CDN_DOCKER_BRIDGE)" >/dev/null 2>&1 || continue
    fabric_in_place "$record" || repair "$record" fabric-host-create.sh
  done
  for record in "$dir"/objects/static-attachment.*.env; do
    [ -f "$record" ] || continue
    container_running "$(value_of "$record" CDN_CONTAINER)" || continue
    attachment_in_place "$record" || repair "$record" attach-static-address.sh
  done
}

# A container started: give it its static addresses now rather than at the next check.
container_started() {
  for record in "$dir"/objects/static-attachment.*.env; do
    [ -f "$record" ] || continue
    [ "$(value_of "$record" CDN_CONTAINER)" = "$1" ] && repair "$record" attach-static-address.sh
  done
}

log "watching $dir/objects"
check_all
(while sleep "$interval"; do check_all; done) &
since=$(date +%s)
while :; do
  # The stream ends when dockerd stops; events missed until it is back are replayed with --since.
  docker events --since "$since" --filter type=container --filter event=start --format '{{.Actor.Attributes.name}}' 2>/dev/null |
    while read -r name; do container_started "$name"; done
  since=$(($(date +%s) - 1))
  sleep 1
done
