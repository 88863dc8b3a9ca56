# Read-only check of one static address: what attach-static-address.sh makes,
# compared with the plan in the same CDN_* values. Inside the container it
# reads through nsenter, which creates nothing (no /run/netns link).
step="checking tools"
require ip iproute2
require nsenter util-linux
require timeout coreutils
require docker docker.io
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  require ovs-vsctl openvswitch-switch
  step="asking Open vSwitch"
  ovs_answers
fi

step="checking bridge $CDN_BRIDGE"
bridge_link=$(ip -o link show dev "$CDN_BRIDGE" 2>/dev/null) || bridge_link=""
if [ "$CDN_BRIDGE_KIND" = ovs ] && ! ovs br-exists "$CDN_BRIDGE"; then
  drift "Open vSwitch bridge $CDN_BRIDGE is missing"
elif [ -z "$bridge_link" ]; then
  drift "bridge $CDN_BRIDGE is missing"
fi
mtu="$CDN_MTU"
if [ -z "$mtu" ]; then mtu=$(link_mtu "$bridge_link"); fi

step="checking veth $CDN_HOST_IF"
host_link=$(ip -o link show dev "$CDN_HOST_IF" 2>/dev/null) || host_link=""
host_index=""
if [ -z "$host_link" ]; then
  drift "veth $CDN_HOST_IF (the host end of $CDN_IFNAME in container $CDN_CONTAINER) is missing"
else
  host_index=$(printf '%s\n' "$host_link" | cut -d: -f1)
  link_is_up "$host_link" || drift "veth $CDN_HOST_IF is down"
  if [ -n "$mtu" ]; then check_mtu "veth $CDN_HOST_IF" "$host_link" "$mtu"; fi
  case "$host_link" in
    *" alias cdktf-docker-network:owner=$CDN_OWNER") ;;
    *) drift "veth $CDN_HOST_IF does not carry the mark of stack $CDN_OWNER (alias cdktf-docker-network:owner=$CDN_OWNER)" ;;
  esac
  if [ "$CDN_BRIDGE_KIND" = ovs ]; then
    owning_bridge=""
    if ovs br-exists "$CDN_BRIDGE"; then
      ports=$(ovs list-ports "$CDN_BRIDGE")
      if listed "$ports" "$CDN_HOST_IF"; then owning_bridge="$CDN_BRIDGE"; fi
    fi
    [ -n "$owning_bridge" ] || drift "veth $CDN_HOST_IF is not a port of Open vSwitch bridge $CDN_BRIDGE"
    if [ -n "$owning_bridge" ] && [ -n "$CDN_OVN_NB" ]; then
      iface_id=$(ovs_value interface "$CDN_HOST_IF" external_ids:iface-id)
      [ "$iface_id" = "$CDN_OVN_PORT" ] || drift "veth $CDN_HOST_IF is not OVN logical port $CDN_OVN_PORT (its external_ids:iface-id is '$iface_id')"
      installed=$(ovs_value interface "$CDN_HOST_IF" external_ids:ovn-installed)
      [ "$installed" = true ] || drift "ovn-controller has not bound OVN logical port $CDN_OVN_PORT to veth $CDN_HOST_IF (external_ids:ovn-installed is not true)"
    fi
  else
    master=$(link_master "$host_link")
    if [ -z "$master" ]; then
      drift "veth $CDN_HOST_IF is not on bridge $CDN_BRIDGE (it is on no bridge)"
    elif [ "$master" != "$CDN_BRIDGE" ]; then
      drift "veth $CDN_HOST_IF is not on bridge $CDN_BRIDGE (it is on $master)"
    fi
  fi
fi

find_running_container ""
if [ -n "$pid" ]; then
  in_container() { nsenter --net="/proc/$pid/ns/net" ip "$@"; }

  step="checking $CDN_IFNAME in container $CDN_CONTAINER"
  guest=$(in_container -o link show dev "$CDN_IFNAME" 2>/dev/null) || guest=""
  where="$CDN_IFNAME in container $CDN_CONTAINER"
  if [ -z "$guest" ]; then
    drift "container $CDN_CONTAINER has no interface $CDN_IFNAME"
  else
    if [ -n "$host_index" ]; then
      case "$guest" in
        *"@if$host_index:"*) ;;
        *) drift "$where is not the other end of veth $CDN_HOST_IF" ;;
      esac
    fi
    link_is_up "$guest" || drift "$where is down"
    if [ -n "$mtu" ]; then check_mtu "$where" "$guest" "$mtu"; fi
    if [ -n "$CDN_MAC" ]; then
      mac=$(printf '%s\n' "$guest" | sed -n 's/.* link\/ether \([0-9A-Fa-f:]*\).*/\1/p' | tr 'A-F' 'a-f')
      planned_mac=$(printf '%s' "$CDN_MAC" | tr 'A-F' 'a-f')
      [ "$mac" = "$planned_mac" ] || drift "$where has MAC address $mac, planned $planned_mac"
    fi
    addresses=$(in_container -o -4 addr show dev "$CDN_IFNAME" | awk '{print $4}' | tr '\n' ' ' | sed 's/ $//')
    if [ -z "$addresses" ]; then
      drift "$where has no IPv4 address, planned $CDN_ADDRESS"
    elif [ "$addresses" != "$CDN_ADDRESS" ]; then
      drift "$where has address $addresses, planned $CDN_ADDRESS"
    fi
    if [ -n "$CDN_GATEWAY" ]; then
      route=$(in_container -4 route show default | head -n 1)
      case "$route" in
        *"via $CDN_GATEWAY dev $CDN_IFNAME "* | *"via $CDN_GATEWAY dev $CDN_IFNAME") ;;
        "") drift "container $CDN_CONTAINER has no default route, planned via $CDN_GATEWAY on $CDN_IFNAME" ;;
        *) drift "container $CDN_CONTAINER routes by default $(printf '%s' "$route" | sed 's/^default //; s/ *$//'), planned via $CDN_GATEWAY on $CDN_IFNAME" ;;
      esac
    fi
  fi
fi
checked
