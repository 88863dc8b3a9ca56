# Takes this host out of the OVN fabric: ovn-controller exits (deleting its
# chassis, so every other host drops its tunnel here), the OVN settings and the
# integration bridge go, the underlay is put back. Succeeds when they are gone.
step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

chassis="$CDN_STATE_DIR/$CDN_OWNER/ovn-chassis"
step="stopping ovn-controller"
stop_ovn_controller "$chassis"

original_underlay_mtu "$CDN_OVS_BRIDGE"
step="removing the OVN settings from Open vSwitch"
clear_ovn_settings "$CDN_OVS_BRIDGE"

step="removing the integration bridge $CDN_OVS_BRIDGE"
ovs --if-exists del-br "$CDN_OVS_BRIDGE"

underlay_back_from_physical_bridge
restore_underlay_mtu
rm -rf "$chassis"
# The last object of the stack here takes the stack's directory with it (the agent's teardown ran first).
rmdir "$CDN_STATE_DIR/$CDN_OWNER" "$CDN_STATE_DIR" 2>/dev/null || true
step="done"
