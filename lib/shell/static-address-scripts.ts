import { attachmentNames } from '../model/linux-interface-names.js';
import type { StaticAttachmentSpec } from '../model/static-attachment.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';

/**
 * The article's veth/netns commands as two fixed scripts, create and teardown.
 * They never contain a value: everything enters through the `CDN_*` variables
 * of {@link staticAddressVariables} and is used as `"$VAR"`. The text holds no
 * `${` or `%{`, so Terraform passes it through without interpolating.
 */

/** The names of the variables both scripts read. */
export const STATIC_ADDRESS_VARIABLE_NAMES = [
  'CDN_SUBJECT',
  'CDN_CONTAINER',
  'CDN_IFNAME',
  'CDN_BRIDGE',
  'CDN_BRIDGE_KIND',
  'CDN_HOST_IF',
  'CDN_PEER_IF',
  'CDN_NETNS',
  'CDN_ADDRESS',
  'CDN_GATEWAY',
  'CDN_MTU',
  'CDN_MAC',
] as const;

/** The values both scripts read, from an attachment that passed validation. */
export function staticAddressVariables(spec: StaticAttachmentSpec): Record<(typeof STATIC_ADDRESS_VARIABLE_NAMES)[number], string> {
  const names = attachmentNames(spec.host, spec.container, spec.interfaceName);
  return {
    CDN_SUBJECT: `${spec.container} ${spec.interfaceName}`,
    CDN_CONTAINER: spec.container,
    CDN_IFNAME: spec.interfaceName,
    CDN_BRIDGE: spec.bridge.name,
    CDN_BRIDGE_KIND: spec.bridge.kind,
    CDN_HOST_IF: names.hostInterface,
    CDN_PEER_IF: names.peerInterface,
    CDN_NETNS: names.namespace,
    CDN_ADDRESS: `${spec.address}/${spec.prefixLength}`,
    CDN_GATEWAY: spec.gateway ?? '',
    CDN_MTU: spec.mtu === undefined ? '' : String(spec.mtu),
    CDN_MAC: spec.mac ?? '',
  };
}

/** The shared opening, plus removal of the namespace link however the script ends. */
const PRELUDE = `${SCRIPT_PRELUDE}cleanup_on_exit() { rm -f "/run/netns/$CDN_NETNS"; }
`;

/**
 * Create (idempotent): find the running container, expose its namespace, make
 * the veth pair unless it is already in place, join the bridge, then converge
 * name, MAC, MTU, address, route and link state, and announce the address.
 */
export const ATTACH_STATIC_ADDRESS_SCRIPT = `${PRELUDE}
step="checking tools"
need docker docker.io
need ip iproute2
if [ "$CDN_BRIDGE_KIND" = ovs ]; then need ovs-vsctl openvswitch-switch; fi

step="finding container $CDN_CONTAINER"
running=$(docker inspect --format '{{.State.Running}}' "$CDN_CONTAINER" 2>/dev/null) \\
  || die "container $CDN_CONTAINER not found: start it before attaching its static address"
[ "$running" = true ] || die "container $CDN_CONTAINER is not running: start it before attaching its static address"
pid=$(docker inspect --format '{{.State.Pid}}' "$CDN_CONTAINER")

step="exposing the container's network namespace as /run/netns/$CDN_NETNS"
mkdir -p /run/netns
ln -sfn "/proc/$pid/ns/net" "/run/netns/$CDN_NETNS"
in_container() { ip -n "$CDN_NETNS" "$@"; }

step="checking bridge $CDN_BRIDGE"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  ovs-vsctl br-exists "$CDN_BRIDGE" || die "Open vSwitch bridge $CDN_BRIDGE not found on this host"
else
  ip link show dev "$CDN_BRIDGE" >/dev/null 2>&1 || die "bridge $CDN_BRIDGE not found on this host"
fi
mtu="$CDN_MTU"
if [ -z "$mtu" ]; then
  mtu=$(ip -o link show dev "$CDN_BRIDGE" | sed -n 's/.* mtu \\([0-9]*\\).*/\\1/p')
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

  step="creating veth pair $CDN_HOST_IF/$CDN_PEER_IF"
  ip link add name "$CDN_HOST_IF" mtu "$mtu" type veth peer name "$CDN_PEER_IF" mtu "$mtu"

  step="moving $CDN_PEER_IF into the container as $CDN_IFNAME"
  ip link set dev "$CDN_PEER_IF" netns "$CDN_NETNS"
  in_container link set dev "$CDN_PEER_IF" name "$CDN_IFNAME"
fi

step="attaching $CDN_HOST_IF to bridge $CDN_BRIDGE"
ip link set dev "$CDN_HOST_IF" mtu "$mtu"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  ovs-vsctl --may-exist add-port "$CDN_BRIDGE" "$CDN_HOST_IF" \\
    -- set interface "$CDN_HOST_IF" external_ids:container_id="$CDN_CONTAINER" \\
       external_ids:container_iface="$CDN_IFNAME" external_ids:created_by=cdktf-docker-network
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
if [ -n "$CDN_GATEWAY" ]; then
  step="routing through $CDN_GATEWAY"
  in_container route replace default via "$CDN_GATEWAY" dev "$CDN_IFNAME"
fi

step="announcing $CDN_ADDRESS"
ip_only=$(printf '%s' "$CDN_ADDRESS" | cut -d/ -f1)
if ! command -v arping >/dev/null 2>&1; then
  say "arping not found: skipping the gratuitous ARP (install iputils-arping or arping)"
elif arping -V 2>&1 | grep -q iputils; then
  ip netns exec "$CDN_NETNS" arping -q -c 1 -A -I "$CDN_IFNAME" "$ip_only" || say "gratuitous ARP failed; neighbours learn the address on first contact"
else
  ip netns exec "$CDN_NETNS" arping -q -c 1 -U -i "$CDN_IFNAME" -S "$ip_only" "$ip_only" >/dev/null 2>&1 || true
fi
step="done"
`;

/**
 * Teardown: remove the host end (its peer in the container goes with it), any
 * Open vSwitch port tagged for this container and interface, and the namespace
 * link. Succeeds when everything is already gone, e.g. after the container was
 * removed or restarted.
 */
export const DETACH_STATIC_ADDRESS_SCRIPT = `${PRELUDE}
step="removing Open vSwitch ports of $CDN_CONTAINER $CDN_IFNAME"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  if command -v ovs-vsctl >/dev/null 2>&1; then
    ovs-vsctl --if-exists del-port "$CDN_BRIDGE" "$CDN_HOST_IF"
    for port in $(ovs-vsctl --data=bare --no-heading --columns=name find interface \\
        external_ids:container_id="$CDN_CONTAINER" external_ids:container_iface="$CDN_IFNAME"); do
      ovs-vsctl --if-exists del-port "$port"
    done
  else
    say "ovs-vsctl not found: cannot remove Open vSwitch ports (install openvswitch-switch)"
  fi
fi

step="removing veth pair $CDN_HOST_IF"
if ip link show dev "$CDN_HOST_IF" >/dev/null 2>&1; then ip link del dev "$CDN_HOST_IF"; fi
if ip link show dev "$CDN_PEER_IF" >/dev/null 2>&1; then ip link del dev "$CDN_PEER_IF"; fi
step="done"
`;
