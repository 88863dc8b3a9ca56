# Read-only check of one host's part of a fabric: what fabric-host-create.sh
# makes, compared with the plan in the same CDN_* values.
step="checking tools"
require ovs-vsctl openvswitch-switch
require ip iproute2
step="asking Open vSwitch"
ovs_answers

step="checking Docker bridge $CDN_DOCKER_BRIDGE"
docker_bridge_found=yes
if ! ip link show dev "$CDN_DOCKER_BRIDGE" >/dev/null 2>&1; then
  docker_bridge_found=no
  drift "Docker bridge $CDN_DOCKER_BRIDGE is missing: the fabric's Docker network $CDN_FABRIC is not on this host"
fi

step="checking Open vSwitch bridge $CDN_OVS_BRIDGE"
if ! ovs br-exists "$CDN_OVS_BRIDGE"; then
  drift "Open vSwitch bridge $CDN_OVS_BRIDGE of fabric $CDN_FABRIC is missing"
else
  datapath=$(ovs_value bridge "$CDN_OVS_BRIDGE" datapath_type)
  if [ -z "$datapath" ]; then datapath=system; fi
  [ "$datapath" = "$CDN_DATAPATH" ] || drift "bridge $CDN_OVS_BRIDGE has the $datapath datapath, planned $CDN_DATAPATH"
  owner=$(ovs_value bridge "$CDN_OVS_BRIDGE" external_ids:cdn_owner)
  [ "$owner" = "$CDN_OWNER" ] || drift "bridge $CDN_OVS_BRIDGE does not carry the mark of stack $CDN_OWNER (external_ids:cdn_owner)"

  stp=$(ovs_value bridge "$CDN_OVS_BRIDGE" stp_enable)
  rstp=$(ovs_value bridge "$CDN_OVS_BRIDGE" rstp_enable)
  planned_stp=false
  planned_rstp=false
  if [ "$CDN_LOOP" = stp ]; then planned_stp=true; fi
  if [ "$CDN_LOOP" = rstp ]; then planned_rstp=true; fi
  [ "$stp" = "$planned_stp" ] || drift "STP is $(on_off "$stp") on bridge $CDN_OVS_BRIDGE, planned $(on_off "$planned_stp") (loop prevention: $CDN_LOOP)"
  [ "$rstp" = "$planned_rstp" ] || drift "RSTP is $(on_off "$rstp") on bridge $CDN_OVS_BRIDGE, planned $(on_off "$planned_rstp") (loop prevention: $CDN_LOOP)"

  check_mtu_request "bridge $CDN_OVS_BRIDGE" "$CDN_OVS_BRIDGE" "$CDN_CONTAINER_MTU"

  bridge_link=$(ip -o link show dev "$CDN_OVS_BRIDGE" 2>/dev/null) || bridge_link=""
  if [ -z "$bridge_link" ]; then
    drift "bridge $CDN_OVS_BRIDGE has no network interface on this host"
  else
    link_is_up "$bridge_link" || drift "bridge $CDN_OVS_BRIDGE is down"
    check_mtu "bridge $CDN_OVS_BRIDGE" "$bridge_link" "$CDN_CONTAINER_MTU"
    master=$(link_master "$bridge_link")
    if [ "$docker_bridge_found" = no ]; then
      :
    elif [ -z "$master" ]; then
      drift "bridge $CDN_OVS_BRIDGE is not joined to the Docker bridge $CDN_DOCKER_BRIDGE (it is on no bridge)"
    elif [ "$master" != "$CDN_DOCKER_BRIDGE" ]; then
      drift "bridge $CDN_OVS_BRIDGE is not joined to the Docker bridge $CDN_DOCKER_BRIDGE (it is on $master)"
    fi
  fi
fi

check_underlay
checked
