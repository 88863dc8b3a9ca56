step="checking tools"
need ovs-vsctl openvswitch-switch

step="checking bridge $CDN_OVS_BRIDGE"
ovs br-exists "$CDN_OVS_BRIDGE" || die "fabric bridge $CDN_OVS_BRIDGE not found: the host's fabric bridge is made first"

step="adding $CDN_TUNNEL_TYPE port $CDN_TUNNEL_PORT to $CDN_REMOTE_HOST ($CDN_REMOTE_IP)"
protected=false
if [ "$CDN_LOOP" = protected ]; then protected=true; fi
ovs --may-exist add-port "$CDN_OVS_BRIDGE" "$CDN_TUNNEL_PORT" \
  -- set interface "$CDN_TUNNEL_PORT" type="$CDN_TUNNEL_TYPE" \
     options:remote_ip="$CDN_REMOTE_IP" options:key="$CDN_TUNNEL_KEY" \
     external_ids:cdn_fabric="$CDN_FABRIC" external_ids:cdn_remote_host="$CDN_REMOTE_HOST" \
     external_ids:cdn_owner="$CDN_OWNER" \
  -- set port "$CDN_TUNNEL_PORT" protected="$protected"
step="done"
