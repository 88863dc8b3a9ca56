step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

step="checking Docker bridge $CDN_DOCKER_BRIDGE"
ip link show dev "$CDN_DOCKER_BRIDGE" >/dev/null 2>&1 \
  || die "Docker bridge $CDN_DOCKER_BRIDGE not found: the fabric's Docker network must exist on this host first"
check_underlay_interface

step="creating Open vSwitch bridge $CDN_OVS_BRIDGE"
# The external_ids are the ownership mark and what undoing the bridge needs, so the
# host's reconcile step can remove it after it left the code.
ovs --may-exist add-br "$CDN_OVS_BRIDGE" \
  -- set bridge "$CDN_OVS_BRIDGE" datapath_type="$CDN_DATAPATH" external_ids:cdn_fabric="$CDN_FABRIC" \
     external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=fabric external_ids:cdn_underlay_if="$CDN_UNDERLAY_IF"

raise_underlay_mtu "$CDN_OVS_BRIDGE"
underlay_onto_physical_bridge bridge-mac

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
