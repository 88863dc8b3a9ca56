# This host as an OVN chassis: the underlay as the mesh has it, the integration
# bridge, the Open vSwitch settings ovn-controller reads, and ovn-controller
# itself, which makes and removes every tunnel from the southbound database.
step="checking tools"
need ovs-vsctl openvswitch-switch
need ovn-controller ovn-host
need ovn-appctl ovn-host
need ip iproute2
check_underlay_interface

chassis="$CDN_STATE_DIR/$CDN_OWNER/ovn-chassis"
pidfile="$chassis/ovn-controller.pid"

step="looking for an ovn-controller this stack did not start"
# One ovn-controller per Open vSwitch: one in this network namespace that is
# not ours, or OVN settings another owner gave this Open vSwitch, mean someone
# else runs OVN here.
here=$(readlink /proc/self/ns/net)
for proc in /proc/[0-9]*; do
  name=""
  read -r name 2>/dev/null <"$proc/comm" || continue
  [ "$name" = ovn-controller ] || continue
  [ "$(readlink "$proc/ns/net" 2>/dev/null)" = "$here" ] || continue
  pid=$(basename "$proc")
  if tr '\0' '\n' <"$proc/cmdline" 2>/dev/null | grep -qxF -- "--pidfile=$pidfile"; then
    if daemon_alive "$pidfile" && [ "$daemon_pid" = "$pid" ]; then continue; fi
    # Ours, but its pid file is gone: a second one would fight it over the bridge.
    say "stopping ovn-controller pid $pid of this stack, whose pid file no longer names it"
    kill -TERM "$pid" 2>/dev/null || true
    tries=0
    while [ -n "$(tr -d '\0' <"$proc/cmdline" 2>/dev/null)" ] && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
    continue
  fi
  die "another ovn-controller (pid $pid) already serves this host's Open vSwitch: one host is one chassis. Stop it (systemctl stop ovn-controller, or the ovn-host service) or leave this host out of the OVN fabric $CDN_FABRIC"
done
remote=$(ovs_text --if-exists get open_vswitch . external_ids:ovn-remote)
owner=$(ovs_text --if-exists get open_vswitch . external_ids:cdn_owner)
if [ -n "$remote" ] && [ "$owner" != "$CDN_OWNER" ]; then
  die "this host's Open vSwitch is already set up for OVN by someone else (external_ids:ovn-remote=$remote): one host is one chassis. Remove those settings (ovs-vsctl remove open_vswitch . external_ids ovn-remote) or leave this host out of the OVN fabric $CDN_FABRIC"
fi

step="creating the integration bridge $CDN_OVS_BRIDGE"
# The external_ids are the ownership mark and what undoing the chassis needs, so
# the host's reconcile step can remove it after it left the code.
ovs --may-exist add-br "$CDN_OVS_BRIDGE" \
  -- set bridge "$CDN_OVS_BRIDGE" datapath_type="$CDN_DATAPATH" fail-mode=secure other-config:disable-in-band=true \
     external_ids:cdn_fabric="$CDN_FABRIC" external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=ovn-integration \
     external_ids:cdn_underlay_if="$CDN_UNDERLAY_IF"

raise_underlay_mtu "$CDN_OVS_BRIDGE"
# The OVN central's clients stay connected when this host's address moves.
underlay_onto_physical_bridge underlay-mac

step="setting this chassis's OVN settings in Open vSwitch"
system_id=$(ovs_text --if-exists get open_vswitch . external_ids:system-id)
kept=$(ovs_text --if-exists get bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_system_id)
if [ -n "$system_id" ] && [ "$system_id" != "$CDN_OVN_SYSTEM_ID" ] && [ -z "$kept" ]; then
  # Open vSwitch's own system-id: put back when the chassis goes.
  ovs set bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_system_id="$system_id"
fi
ovs set open_vswitch . external_ids:system-id="$CDN_OVN_SYSTEM_ID" external_ids:ovn-remote="$CDN_OVN_REMOTE" \
  external_ids:ovn-encap-type="$CDN_OVN_ENCAP_TYPE" external_ids:ovn-encap-ip="$CDN_OVN_ENCAP_IP" \
  external_ids:ovn-bridge="$CDN_OVS_BRIDGE" external_ids:ovn-bridge-datapath-type="$CDN_DATAPATH" \
  external_ids:cdn_owner="$CDN_OWNER"

step="starting ovn-controller"
mkdir -p "$chassis"
chmod 700 "$chassis"
if ! daemon_alive "$pidfile"; then
  rm -f "$chassis"/ovn-controller.*.ctl
  # It reaches this host's Open vSwitch where ovs-vsctl does (OVS_RUNDIR, or
  # /var/run/openvswitch), and makes its control socket in OVN_RUNDIR, named
  # after its pid (this version has no --unixctl).
  OVN_RUNDIR="$chassis" ovn-controller --detach --no-chdir -vconsole:warn --pidfile="$pidfile" --log-file="$chassis/ovn-controller.log" \
    || die "ovn-controller did not start: see $chassis/ovn-controller.log"
  daemon_alive "$pidfile" || die "ovn-controller did not stay up: see $chassis/ovn-controller.log"
fi
ctl="$chassis/ovn-controller.$daemon_pid.ctl"

step="waiting for ovn-controller to reach the southbound database ($CDN_OVN_REMOTE)"
deadline=$(($(date +%s) + wait_seconds))
until [ "$(ovn_appctl -t "$ctl" connection-status 2>/dev/null)" = connected ]; do
  [ "$(date +%s)" -lt "$deadline" ] \
    || die "ovn-controller did not reach the southbound database at $CDN_OVN_REMOTE within $wait_seconds s: is the OVN central running there, and port 6642 reachable from $CDN_OVN_ENCAP_IP? See $chassis/ovn-controller.log"
  sleep 0.1
done
step="done"
