# Read-only check of one tunnel port: what fabric-tunnel-create.sh makes,
# compared with the plan in the same CDN_* values.
step="checking tools"
require ovs-vsctl openvswitch-switch
step="asking Open vSwitch"
ovs_answers

step="checking tunnel port $CDN_TUNNEL_PORT"
towards="to host $CDN_REMOTE_HOST ($CDN_REMOTE_IP)"
if ! ovs br-exists "$CDN_OVS_BRIDGE"; then
  drift "tunnel port $CDN_TUNNEL_PORT $towards is missing, with its bridge $CDN_OVS_BRIDGE"
else
  ports=$(ovs list-ports "$CDN_OVS_BRIDGE")
  if ! listed "$ports" "$CDN_TUNNEL_PORT"; then
    drift "tunnel port $CDN_TUNNEL_PORT $towards is missing from bridge $CDN_OVS_BRIDGE"
  else
    type=$(ovs_value interface "$CDN_TUNNEL_PORT" type)
    [ "$type" = "$CDN_TUNNEL_TYPE" ] || drift "tunnel port $CDN_TUNNEL_PORT is of type $type, planned $CDN_TUNNEL_TYPE"
    remote_ip=$(ovs_value interface "$CDN_TUNNEL_PORT" options:remote_ip)
    [ "$remote_ip" = "$CDN_REMOTE_IP" ] || drift "tunnel port $CDN_TUNNEL_PORT leads to $remote_ip, planned $CDN_REMOTE_IP (host $CDN_REMOTE_HOST)"
    key=$(ovs_value interface "$CDN_TUNNEL_PORT" options:key)
    [ "$key" = "$CDN_TUNNEL_KEY" ] || drift "tunnel port $CDN_TUNNEL_PORT has key $key, planned $CDN_TUNNEL_KEY"
    protected=$(ovs_value port "$CDN_TUNNEL_PORT" protected)
    planned=false
    if [ "$CDN_LOOP" = protected ]; then planned=true; fi
    if [ "$protected" != "$planned" ]; then
      if [ "$planned" = true ]; then
        drift "tunnel port $CDN_TUNNEL_PORT is not protected, planned protected (loop prevention: $CDN_LOOP)"
      else
        drift "tunnel port $CDN_TUNNEL_PORT is protected, planned unprotected (loop prevention: $CDN_LOOP)"
      fi
    fi
    owner=$(ovs_value interface "$CDN_TUNNEL_PORT" external_ids:cdn_owner)
    [ "$owner" = "$CDN_OWNER" ] || drift "tunnel port $CDN_TUNNEL_PORT does not carry the mark of stack $CDN_OWNER (external_ids:cdn_owner)"
  fi
fi
checked
