step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

step="checking Docker bridge $CDN_DOCKER_BRIDGE"
ip link show dev "$CDN_DOCKER_BRIDGE" >/dev/null 2>&1 \
  || die "Docker bridge $CDN_DOCKER_BRIDGE not found: the fabric's Docker network must exist on this host first"
step="checking underlay interface $CDN_UNDERLAY_IF"
ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1 || die "underlay interface $CDN_UNDERLAY_IF not found on this host"

step="creating Open vSwitch bridge $CDN_OVS_BRIDGE"
# The external_ids are the ownership mark and what undoing the bridge needs, so the
# host's reconcile step can remove it after it left the code.
ovs --may-exist add-br "$CDN_OVS_BRIDGE" \
  -- set bridge "$CDN_OVS_BRIDGE" datapath_type="$CDN_DATAPATH" external_ids:cdn_fabric="$CDN_FABRIC" \
     external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=fabric external_ids:cdn_underlay_if="$CDN_UNDERLAY_IF"

if [ "$CDN_RAISE_UNDERLAY" = yes ]; then
  step="raising the MTU of $CDN_UNDERLAY_IF to $CDN_UNDERLAY_MTU"
  original=$(ovs --if-exists get bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu)
  original=$(printf '%s' "$original" | tr -d '"')
  if [ -z "$original" ]; then
    original=$(ip -o link show dev "$CDN_UNDERLAY_IF" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')
    ovs set bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu="$original"
  fi
  ip link set dev "$CDN_UNDERLAY_IF" mtu "$CDN_UNDERLAY_MTU"
fi

if [ "$CDN_DATAPATH" = netdev ]; then
  step="moving the underlay address $CDN_UNDERLAY_ADDRESS onto $CDN_PHY_BRIDGE"
  ovs --may-exist add-br "$CDN_PHY_BRIDGE" \
    -- set bridge "$CDN_PHY_BRIDGE" datapath_type=netdev external_ids:cdn_fabric="$CDN_FABRIC" \
       external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=physical \
       external_ids:cdn_underlay_if="$CDN_UNDERLAY_IF" external_ids:cdn_underlay_address="$CDN_UNDERLAY_ADDRESS" \
    -- --may-exist add-port "$CDN_PHY_BRIDGE" "$CDN_UNDERLAY_IF"
  # OVS resets internal ports to the bridge minimum unless asked for an MTU.
  ovs set interface "$CDN_PHY_BRIDGE" mtu_request="$CDN_UNDERLAY_MTU" \
    -- set interface "$CDN_UNDERLAY_IF" mtu_request="$CDN_UNDERLAY_MTU"
  if ip -o -4 addr show dev "$CDN_UNDERLAY_IF" | grep -q " $CDN_UNDERLAY_ADDRESS "; then
    ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
  fi
  ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
  ip link set dev "$CDN_PHY_BRIDGE" up
fi

step="setting loop prevention ($CDN_LOOP)"
case "$CDN_LOOP" in
  stp) ovs set bridge "$CDN_OVS_BRIDGE" rstp_enable=false stp_enable=true ;;
  rstp) ovs set bridge "$CDN_OVS_BRIDGE" stp_enable=false rstp_enable=true ;;
  *) ovs set bridge "$CDN_OVS_BRIDGE" stp_enable=false rstp_enable=false ;;
esac

step="joining $CDN_OVS_BRIDGE to the Docker bridge $CDN_DOCKER_BRIDGE"
ovs set interface "$CDN_OVS_BRIDGE" mtu_request="$CDN_CONTAINER_MTU"
ip link set dev "$CDN_OVS_BRIDGE" up
ip link set dev "$CDN_OVS_BRIDGE" master "$CDN_DOCKER_BRIDGE"
step="done"
