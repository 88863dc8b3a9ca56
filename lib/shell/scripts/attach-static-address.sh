# The namespace link below exists only while the script runs, however it ends.
cleanup_on_exit() { rm -f "/run/netns/$CDN_NETNS"; }

step="checking tools"
need docker docker.io
need timeout coreutils
need ip iproute2
need flock util-linux
if [ "$CDN_BRIDGE_KIND" = ovs ]; then need ovs-vsctl openvswitch-switch; fi
if [ -n "$CDN_OVN_NB" ]; then
  need ovn-nbctl ovn-common
  [ -n "$CDN_MAC" ] || die "OVN port $CDN_OVN_PORT has no MAC address: an OVN logical port needs one (set the attachment's mac)"
fi

step="finding container $CDN_CONTAINER"
docker_cli inspect --type container "$CDN_CONTAINER" >/dev/null \
  || die "container $CDN_CONTAINER not found: start it before attaching its static address"
running=$(docker_cli inspect --format '{{.State.Running}}' "$CDN_CONTAINER")
[ "$running" = true ] || die "container $CDN_CONTAINER is not running: start it before attaching its static address"
pid=$(docker_cli inspect --format '{{.State.Pid}}' "$CDN_CONTAINER")

# Terraform and the host's watcher may attach the same container at once: one at a time.
step="waiting for another attach of $CDN_HOST_IF"
locks="$CDN_STATE_DIR/$CDN_OWNER/locks"
mkdir -p "$locks"
exec 9>"$locks/$CDN_HOST_IF"
flock -w "$wait_seconds" 9 || die "another attach of $CDN_HOST_IF did not finish within $wait_seconds s"

step="exposing the container's network namespace as /run/netns/$CDN_NETNS"
mkdir -p /run/netns
ln -sfn "/proc/$pid/ns/net" "/run/netns/$CDN_NETNS"
in_container() { ip -n "$CDN_NETNS" "$@"; }

step="checking bridge $CDN_BRIDGE"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  ovs br-exists "$CDN_BRIDGE" || die "Open vSwitch bridge $CDN_BRIDGE not found on this host"
else
  ip link show dev "$CDN_BRIDGE" >/dev/null 2>&1 || die "bridge $CDN_BRIDGE not found on this host"
fi
mtu="$CDN_MTU"
if [ -z "$mtu" ]; then
  mtu=$(ip -o link show dev "$CDN_BRIDGE" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')
fi

step="looking for an earlier attachment"
host_index=$(ip -o link show dev "$CDN_HOST_IF" 2>/dev/null | cut -d: -f1) || host_index=""
guest=$(in_container -o link show dev "$CDN_IFNAME" 2>/dev/null) || guest=""
attached=no
if [ -n "$host_index" ] && [ -n "$guest" ]; then
  case "$guest" in *"@if$host_index:"*) attached=yes ;; esac
fi
if [ "$attached" = no ] && [ -n "$guest" ]; then
  die "the container already has an interface $CDN_IFNAME that this attachment did not make: choose another interface name"
fi

if [ "$attached" = no ]; then
  step="removing leftovers of an earlier container"
  if ip link show dev "$CDN_HOST_IF" >/dev/null 2>&1; then ip link del dev "$CDN_HOST_IF"; fi
  if ip link show dev "$CDN_PEER_IF" >/dev/null 2>&1; then ip link del dev "$CDN_PEER_IF"; fi
  # A fresh interface for OVN, so its ovn-installed says this veth is bound, not an earlier one.
  if [ -n "$CDN_OVN_NB" ]; then ovs --if-exists del-port "$CDN_BRIDGE" "$CDN_HOST_IF"; fi

  step="creating veth pair $CDN_HOST_IF/$CDN_PEER_IF"
  ip link add name "$CDN_HOST_IF" mtu "$mtu" type veth peer name "$CDN_PEER_IF" mtu "$mtu"

  step="moving $CDN_PEER_IF into the container as $CDN_IFNAME"
  ip link set dev "$CDN_PEER_IF" netns "$CDN_NETNS"
  in_container link set dev "$CDN_PEER_IF" name "$CDN_IFNAME"
fi

ip_only=$(printf '%s' "$CDN_ADDRESS" | cut -d/ -f1)
if [ -n "$CDN_OVN_NB" ]; then
  step="adding logical switch port $CDN_OVN_PORT ($CDN_MAC $ip_only) to $CDN_OVN_SWITCH"
  # The logical port holds the planned MAC and IP: OVN answers ARP for them and delivers to them.
  nbctl_any "$CDN_OVN_NB" --may-exist lsp-add "$CDN_OVN_SWITCH" "$CDN_OVN_PORT" \
    -- lsp-set-addresses "$CDN_OVN_PORT" "$CDN_MAC $ip_only" \
    -- set logical_switch_port "$CDN_OVN_PORT" external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_container="$CDN_CONTAINER" \
    || die "the OVN northbound database ($CDN_OVN_NB) did not take logical switch port $CDN_OVN_PORT: is the OVN central running, with logical switch $CDN_OVN_SWITCH?"
fi

step="attaching $CDN_HOST_IF to bridge $CDN_BRIDGE"
# The alias is the ownership mark: the host's reconcile step removes marked links the code no longer declares.
ip link set dev "$CDN_HOST_IF" mtu "$mtu" alias "cdktf-docker-network:owner=$CDN_OWNER"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  ovs --may-exist add-port "$CDN_BRIDGE" "$CDN_HOST_IF" \
    -- set interface "$CDN_HOST_IF" external_ids:container_id="$CDN_CONTAINER" \
       external_ids:container_iface="$CDN_IFNAME" external_ids:created_by=cdktf-docker-network \
       external_ids:cdn_owner="$CDN_OWNER"
  if [ -n "$CDN_OVN_NB" ]; then
    # iface-id binds the interface to its logical port; the cdn_ovn_* marks let the reconcile step delete that port too.
    ovs set interface "$CDN_HOST_IF" external_ids:iface-id="$CDN_OVN_PORT" \
      external_ids:cdn_ovn_nb="$CDN_OVN_NB" external_ids:cdn_ovn_port="$CDN_OVN_PORT"
  fi
else
  ip link set dev "$CDN_HOST_IF" master "$CDN_BRIDGE"
fi
ip link set dev "$CDN_HOST_IF" up

step="configuring $CDN_IFNAME in the container"
in_container link set dev "$CDN_IFNAME" mtu "$mtu"
if [ -n "$CDN_MAC" ] && ! in_container -o link show dev "$CDN_IFNAME" | grep -qi "link/ether $CDN_MAC "; then
  in_container link set dev "$CDN_IFNAME" down
  in_container link set dev "$CDN_IFNAME" address "$CDN_MAC"
fi
current=$(in_container -o -4 addr show dev "$CDN_IFNAME" | awk '{print $4}')
if [ "$current" != "$CDN_ADDRESS" ]; then
  in_container -4 addr flush dev "$CDN_IFNAME"
  in_container addr add "$CDN_ADDRESS" dev "$CDN_IFNAME"
fi
in_container link set dev "$CDN_IFNAME" up
if [ -n "$CDN_OVN_NB" ] && [ "$(ovs_text get bridge "$CDN_BRIDGE" datapath_type)" = netdev ]; then
  step="turning off transmit checksum offload on $CDN_IFNAME"
  # The userspace datapath tunnels a veth's packets with the partial TCP and UDP
  # checksums of offload unfilled, and the far end drops them: ping works, TCP does not.
  need ethtool ethtool
  ip netns exec "$CDN_NETNS" ethtool -K "$CDN_IFNAME" tx off >/dev/null
fi
if [ -n "$CDN_GATEWAY" ]; then
  step="routing through $CDN_GATEWAY"
  in_container route replace default via "$CDN_GATEWAY" dev "$CDN_IFNAME"
fi

if [ -n "$CDN_OVN_NB" ]; then
  step="waiting for ovn-controller to bind $CDN_OVN_PORT on this host (external_ids:ovn-installed)"
  deadline=$(($(date +%s) + wait_seconds))
  until [ "$(ovs_text --if-exists get interface "$CDN_HOST_IF" external_ids:ovn-installed)" = true ]; do
    [ "$(date +%s)" -lt "$deadline" ] \
      || die "ovn-controller did not bind logical port $CDN_OVN_PORT to $CDN_HOST_IF within $wait_seconds s: is this host an OVN chassis of the fabric (ovn-controller running, integration bridge $CDN_BRIDGE)?"
    sleep 0.1
  done
fi

step="announcing $CDN_ADDRESS"
if ! command -v arping >/dev/null 2>&1; then
  say "arping not found: skipping the gratuitous ARP (install iputils-arping or arping)"
elif arping -V 2>&1 | grep -q iputils; then
  ip netns exec "$CDN_NETNS" arping -q -c 1 -A -I "$CDN_IFNAME" "$ip_only" || say "gratuitous ARP failed; neighbours learn the address on first contact"
else
  ip netns exec "$CDN_NETNS" arping -q -c 1 -U -i "$CDN_IFNAME" -S "$ip_only" "$ip_only" >/dev/null 2>&1 || true
fi
step="done"
