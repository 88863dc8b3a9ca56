step="checking tools"
need ovs-vsctl openvswitch-switch
step="removing port $CDN_TUNNEL_PORT"
if ovs br-exists "$CDN_OVS_BRIDGE"; then
  ovs --if-exists del-port "$CDN_OVS_BRIDGE" "$CDN_TUNNEL_PORT"
fi
step="done"
