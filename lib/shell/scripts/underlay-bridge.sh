# The underlay side of a host's fabric, shared by the mesh's fabric bridge and an
# OVN chassis: the underlay MTU raised (raise-underlay policy), and with the
# netdev datapath the underlay address moved onto an Open vSwitch bridge, since
# userspace tunnels route and ARP only through an address on an OVS bridge.
# $1 of the MTU functions is the bridge whose external_ids keep the original MTU.

check_underlay_interface() {
  step="checking underlay interface $CDN_UNDERLAY_IF"
  ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1 || die "underlay interface $CDN_UNDERLAY_IF not found on this host"
}

# Raises the underlay MTU, first keeping the original in bridge $1's external_ids (teardown restores it).
raise_underlay_mtu() {
  [ "$CDN_RAISE_UNDERLAY" = yes ] || return 0
  step="raising the MTU of $CDN_UNDERLAY_IF to $CDN_UNDERLAY_MTU"
  original=$(ovs --if-exists get bridge "$1" external_ids:cdn_original_underlay_mtu)
  original=$(printf '%s' "$original" | tr -d '"')
  if [ -z "$original" ]; then
    original=$(ip -o link show dev "$CDN_UNDERLAY_IF" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')
    ovs set bridge "$1" external_ids:cdn_original_underlay_mtu="$original"
  fi
  ip link set dev "$CDN_UNDERLAY_IF" mtu "$CDN_UNDERLAY_MTU"
}

# With the netdev datapath: the physical bridge holding the underlay interface
# and its address. $1 says which MAC address the bridge has: `bridge-mac`, its
# own, or `underlay-mac`, the underlay interface's, so peers' ARP caches stay
# right when the address moves between the two (a host whose address moved is
# otherwise unreachable for its peers until they ARP again).
underlay_onto_physical_bridge() {
  [ "$CDN_DATAPATH" = netdev ] || return 0
  step="moving the underlay address $CDN_UNDERLAY_ADDRESS onto $CDN_PHY_BRIDGE"
  ovs --may-exist add-br "$CDN_PHY_BRIDGE" \
    -- set bridge "$CDN_PHY_BRIDGE" datapath_type=netdev external_ids:cdn_fabric="$CDN_FABRIC" \
       external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=physical \
       external_ids:cdn_underlay_if="$CDN_UNDERLAY_IF" external_ids:cdn_underlay_address="$CDN_UNDERLAY_ADDRESS" \
    -- --may-exist add-port "$CDN_PHY_BRIDGE" "$CDN_UNDERLAY_IF"
  if [ "$1" = underlay-mac ]; then
    underlay_mac=$(ip -o link show dev "$CDN_UNDERLAY_IF" | sed -n 's/.* link\/ether \([0-9a-fA-F:]*\) .*/\1/p')
    ovs set bridge "$CDN_PHY_BRIDGE" other-config:hwaddr="$underlay_mac"
  fi
  # OVS resets internal ports to the bridge minimum unless asked for an MTU.
  ovs set interface "$CDN_PHY_BRIDGE" mtu_request="$CDN_UNDERLAY_MTU" \
    -- set interface "$CDN_UNDERLAY_IF" mtu_request="$CDN_UNDERLAY_MTU"
  if ip -o -4 addr show dev "$CDN_UNDERLAY_IF" | grep -q " $CDN_UNDERLAY_ADDRESS "; then
    ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
  fi
  ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
  ip link set dev "$CDN_PHY_BRIDGE" up
}

# The original underlay MTU kept in bridge $1's external_ids; empty when none was kept or the bridge is gone.
original_underlay_mtu() {
  step="reading the underlay MTU to restore"
  original=""
  if ovs br-exists "$1"; then
    original=$(ovs --if-exists get bridge "$1" external_ids:cdn_original_underlay_mtu)
    original=$(printf '%s' "$original" | tr -d '"')
  fi
}

# Undoes underlay_onto_physical_bridge; nothing to do when the physical bridge is gone.
underlay_back_from_physical_bridge() {
  if [ "$CDN_DATAPATH" = netdev ] && ovs br-exists "$CDN_PHY_BRIDGE"; then
    step="moving the underlay address back to $CDN_UNDERLAY_IF"
    if ip -o -4 addr show dev "$CDN_PHY_BRIDGE" 2>/dev/null | grep -q " $CDN_UNDERLAY_ADDRESS "; then
      ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
    fi
    ovs --if-exists del-br "$CDN_PHY_BRIDGE"
    ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
    ip link set dev "$CDN_UNDERLAY_IF" up
  fi
}

# Puts back the MTU original_underlay_mtu read (in $original).
restore_underlay_mtu() {
  if [ -n "$original" ] && ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1; then
    step="restoring the MTU of $CDN_UNDERLAY_IF to $original"
    ip link set dev "$CDN_UNDERLAY_IF" mtu "$original"
  fi
}
