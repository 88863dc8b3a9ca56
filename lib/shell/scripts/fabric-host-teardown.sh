step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

original_underlay_mtu "$CDN_OVS_BRIDGE"

step="removing Open vSwitch bridge $CDN_OVS_BRIDGE"
ovs --if-exists del-br "$CDN_OVS_BRIDGE"

underlay_back_from_physical_bridge
restore_underlay_mtu
step="done"
