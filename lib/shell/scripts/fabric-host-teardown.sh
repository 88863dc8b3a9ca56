step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

step="reading the underlay MTU to restore"
original=""
if ovs br-exists "$CDN_OVS_BRIDGE"; then
  original=$(ovs --if-exists get bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu)
  original=$(printf '%s' "$original" | tr -d '"')
fi

step="removing Open vSwitch bridge $CDN_OVS_BRIDGE"
ovs --if-exists del-br "$CDN_OVS_BRIDGE"

if [ "$CDN_DATAPATH" = netdev ] && ovs br-exists "$CDN_PHY_BRIDGE"; then
  step="moving the underlay address back to $CDN_UNDERLAY_IF"
  if ip -o -4 addr show dev "$CDN_PHY_BRIDGE" 2>/dev/null | grep -q " $CDN_UNDERLAY_ADDRESS "; then
    ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
  fi
  ovs --if-exists del-br "$CDN_PHY_BRIDGE"
  ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
  ip link set dev "$CDN_UNDERLAY_IF" up
fi

if [ -n "$original" ] && ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1; then
  step="restoring the MTU of $CDN_UNDERLAY_IF to $original"
  ip link set dev "$CDN_UNDERLAY_IF" mtu "$original"
fi
step="done"
