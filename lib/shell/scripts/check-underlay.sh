# The underlay part of a host's fabric, checked alike for the mesh's fabric
# bridge and an OVN chassis: the underlay interface, its MTU when the plan
# raises it, and with the netdev datapath the physical bridge holding the
# underlay address (what underlay-bridge.sh makes).
check_underlay() {
  step="checking underlay interface $CDN_UNDERLAY_IF"
  underlay_link=$(ip -o link show dev "$CDN_UNDERLAY_IF" 2>/dev/null) || underlay_link=""
  if [ -z "$underlay_link" ]; then
    drift "underlay interface $CDN_UNDERLAY_IF is missing"
  elif [ "$CDN_RAISE_UNDERLAY" = yes ]; then
    check_mtu "underlay interface $CDN_UNDERLAY_IF" "$underlay_link" "$CDN_UNDERLAY_MTU"
  fi

  if [ "$CDN_DATAPATH" = netdev ]; then
    step="checking physical bridge $CDN_PHY_BRIDGE"
    if ! ovs br-exists "$CDN_PHY_BRIDGE"; then
      drift "Open vSwitch bridge $CDN_PHY_BRIDGE, which holds the underlay address $CDN_UNDERLAY_ADDRESS, is missing"
    else
      ports=$(ovs list-ports "$CDN_PHY_BRIDGE")
      if listed "$ports" "$CDN_UNDERLAY_IF"; then
        check_mtu_request "underlay interface $CDN_UNDERLAY_IF" "$CDN_UNDERLAY_IF" "$CDN_UNDERLAY_MTU"
      else
        drift "underlay interface $CDN_UNDERLAY_IF is not a port of bridge $CDN_PHY_BRIDGE"
      fi
      check_mtu_request "bridge $CDN_PHY_BRIDGE" "$CDN_PHY_BRIDGE" "$CDN_UNDERLAY_MTU"
      phy_link=$(ip -o link show dev "$CDN_PHY_BRIDGE" 2>/dev/null) || phy_link=""
      if [ -z "$phy_link" ]; then
        drift "bridge $CDN_PHY_BRIDGE has no network interface on this host"
      else
        link_is_up "$phy_link" || drift "bridge $CDN_PHY_BRIDGE is down"
        if ! ip -o -4 addr show dev "$CDN_PHY_BRIDGE" | grep -qF -- " $CDN_UNDERLAY_ADDRESS "; then
          drift "the underlay address $CDN_UNDERLAY_ADDRESS is not on bridge $CDN_PHY_BRIDGE"
        fi
      fi
    fi
  fi
}
