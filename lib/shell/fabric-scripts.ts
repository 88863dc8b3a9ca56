import { SCRIPT_PRELUDE } from './script-prelude.js';

/**
 * The article's multi-host commands as fixed scripts: per host, an Open vSwitch
 * bridge joined to the host's Docker bridge (`brctl addif docker0 br0`) with the
 * underlay MTU raised (`ifconfig eth0 mtu 1542`) and loop prevention set
 * (`stp_enable=true`, or protected tunnel ports); per pair of hosts, one tunnel
 * port on each side (`add-port br0 gre0 -- set interface gre0 type=gre
 * options:remote_ip=…`). Every value enters through `CDN_*` variables.
 */

/** Variables of the per-host bridge scripts. */
export interface FabricHostVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  readonly CDN_OVS_BRIDGE: string;
  readonly CDN_DATAPATH: 'system' | 'netdev';
  readonly CDN_DOCKER_BRIDGE: string;
  readonly CDN_LOOP: 'protected' | 'stp' | 'rstp';
  readonly CDN_CONTAINER_MTU: string;
  readonly CDN_UNDERLAY_MTU: string;
  /** `yes` to raise the underlay interface's MTU (raise-underlay policy). */
  readonly CDN_RAISE_UNDERLAY: 'yes' | 'no';
  readonly CDN_UNDERLAY_IF: string;
  /** Underlay address with prefix; moved onto the physical OVS bridge with the netdev datapath. */
  readonly CDN_UNDERLAY_ADDRESS: string;
  readonly CDN_PHY_BRIDGE: string;
}

/** Variables of the per-tunnel scripts. */
export interface FabricTunnelVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  readonly CDN_OVS_BRIDGE: string;
  readonly CDN_TUNNEL_PORT: string;
  readonly CDN_TUNNEL_TYPE: 'gre' | 'vxlan';
  readonly CDN_REMOTE_IP: string;
  readonly CDN_REMOTE_HOST: string;
  readonly CDN_TUNNEL_KEY: string;
  readonly CDN_LOOP: 'protected' | 'stp' | 'rstp';
}

export const FABRIC_HOST_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_DATAPATH', 'CDN_DOCKER_BRIDGE', 'CDN_LOOP', 'CDN_CONTAINER_MTU',
  'CDN_UNDERLAY_MTU', 'CDN_RAISE_UNDERLAY', 'CDN_UNDERLAY_IF', 'CDN_UNDERLAY_ADDRESS', 'CDN_PHY_BRIDGE',
] as const satisfies ReadonlyArray<keyof FabricHostVariables>;

export const FABRIC_TUNNEL_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_TUNNEL_PORT', 'CDN_TUNNEL_TYPE', 'CDN_REMOTE_IP', 'CDN_REMOTE_HOST',
  'CDN_TUNNEL_KEY', 'CDN_LOOP',
] as const satisfies ReadonlyArray<keyof FabricTunnelVariables>;

/**
 * Create (idempotent): underlay MTU, the physical OVS bridge for the netdev
 * datapath (userspace tunnels need the underlay address on an OVS bridge), the
 * fabric bridge with its loop prevention and MTU, joined to the Docker bridge.
 */
export const FABRIC_HOST_CREATE_SCRIPT = `${SCRIPT_PRELUDE}
step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

step="checking Docker bridge $CDN_DOCKER_BRIDGE"
ip link show dev "$CDN_DOCKER_BRIDGE" >/dev/null 2>&1 \\
  || die "Docker bridge $CDN_DOCKER_BRIDGE not found: the fabric's Docker network must exist on this host first"
step="checking underlay interface $CDN_UNDERLAY_IF"
ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1 || die "underlay interface $CDN_UNDERLAY_IF not found on this host"

step="creating Open vSwitch bridge $CDN_OVS_BRIDGE"
ovs-vsctl --may-exist add-br "$CDN_OVS_BRIDGE" \\
  -- set bridge "$CDN_OVS_BRIDGE" datapath_type="$CDN_DATAPATH" external_ids:cdn_fabric="$CDN_FABRIC"

if [ "$CDN_RAISE_UNDERLAY" = yes ]; then
  step="raising the MTU of $CDN_UNDERLAY_IF to $CDN_UNDERLAY_MTU"
  original=$(ovs-vsctl --if-exists get bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu 2>/dev/null | tr -d '"') || original=""
  if [ -z "$original" ]; then
    original=$(ip -o link show dev "$CDN_UNDERLAY_IF" | sed -n 's/.* mtu \\([0-9]*\\).*/\\1/p')
    ovs-vsctl set bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu="$original"
  fi
  ip link set dev "$CDN_UNDERLAY_IF" mtu "$CDN_UNDERLAY_MTU"
fi

if [ "$CDN_DATAPATH" = netdev ]; then
  step="moving the underlay address $CDN_UNDERLAY_ADDRESS onto $CDN_PHY_BRIDGE"
  ovs-vsctl --may-exist add-br "$CDN_PHY_BRIDGE" \\
    -- set bridge "$CDN_PHY_BRIDGE" datapath_type=netdev external_ids:cdn_fabric="$CDN_FABRIC" \\
    -- --may-exist add-port "$CDN_PHY_BRIDGE" "$CDN_UNDERLAY_IF"
  # OVS resets internal ports to the bridge minimum unless asked for an MTU.
  ovs-vsctl set interface "$CDN_PHY_BRIDGE" mtu_request="$CDN_UNDERLAY_MTU" \\
    -- set interface "$CDN_UNDERLAY_IF" mtu_request="$CDN_UNDERLAY_MTU"
  if ip -o -4 addr show dev "$CDN_UNDERLAY_IF" | grep -q " $CDN_UNDERLAY_ADDRESS "; then
    ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
  fi
  ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
  ip link set dev "$CDN_PHY_BRIDGE" up
fi

step="setting loop prevention ($CDN_LOOP)"
case "$CDN_LOOP" in
  stp) ovs-vsctl set bridge "$CDN_OVS_BRIDGE" rstp_enable=false stp_enable=true ;;
  rstp) ovs-vsctl set bridge "$CDN_OVS_BRIDGE" stp_enable=false rstp_enable=true ;;
  *) ovs-vsctl set bridge "$CDN_OVS_BRIDGE" stp_enable=false rstp_enable=false ;;
esac

step="joining $CDN_OVS_BRIDGE to the Docker bridge $CDN_DOCKER_BRIDGE"
ovs-vsctl set interface "$CDN_OVS_BRIDGE" mtu_request="$CDN_CONTAINER_MTU"
ip link set dev "$CDN_OVS_BRIDGE" up
ip link set dev "$CDN_OVS_BRIDGE" master "$CDN_DOCKER_BRIDGE"
step="done"
`;

/**
 * Teardown: the fabric bridge (with every tunnel port on it), the physical
 * bridge with the underlay address moved back, the underlay MTU restored.
 * Succeeds when they are already gone.
 */
export const FABRIC_HOST_TEARDOWN_SCRIPT = `${SCRIPT_PRELUDE}
step="checking tools"
need ovs-vsctl openvswitch-switch
need ip iproute2

step="reading the underlay MTU to restore"
original=""
if ovs-vsctl br-exists "$CDN_OVS_BRIDGE"; then
  original=$(ovs-vsctl --if-exists get bridge "$CDN_OVS_BRIDGE" external_ids:cdn_original_underlay_mtu 2>/dev/null | tr -d '"') || original=""
fi

step="removing Open vSwitch bridge $CDN_OVS_BRIDGE"
ovs-vsctl --if-exists del-br "$CDN_OVS_BRIDGE"

if [ "$CDN_DATAPATH" = netdev ] && ovs-vsctl br-exists "$CDN_PHY_BRIDGE"; then
  step="moving the underlay address back to $CDN_UNDERLAY_IF"
  if ip -o -4 addr show dev "$CDN_PHY_BRIDGE" 2>/dev/null | grep -q " $CDN_UNDERLAY_ADDRESS "; then
    ip addr del "$CDN_UNDERLAY_ADDRESS" dev "$CDN_PHY_BRIDGE"
  fi
  ovs-vsctl --if-exists del-br "$CDN_PHY_BRIDGE"
  ip addr replace "$CDN_UNDERLAY_ADDRESS" dev "$CDN_UNDERLAY_IF"
  ip link set dev "$CDN_UNDERLAY_IF" up
fi

if [ -n "$original" ] && ip link show dev "$CDN_UNDERLAY_IF" >/dev/null 2>&1; then
  step="restoring the MTU of $CDN_UNDERLAY_IF to $original"
  ip link set dev "$CDN_UNDERLAY_IF" mtu "$original"
fi
step="done"
`;

/** Create (idempotent): one tunnel port towards one remote host, options converged on every run. */
export const FABRIC_TUNNEL_CREATE_SCRIPT = `${SCRIPT_PRELUDE}
step="checking tools"
need ovs-vsctl openvswitch-switch

step="checking bridge $CDN_OVS_BRIDGE"
ovs-vsctl br-exists "$CDN_OVS_BRIDGE" || die "fabric bridge $CDN_OVS_BRIDGE not found: the host's fabric bridge is made first"

step="adding $CDN_TUNNEL_TYPE port $CDN_TUNNEL_PORT to $CDN_REMOTE_HOST ($CDN_REMOTE_IP)"
protected=false
if [ "$CDN_LOOP" = protected ]; then protected=true; fi
ovs-vsctl --may-exist add-port "$CDN_OVS_BRIDGE" "$CDN_TUNNEL_PORT" \\
  -- set interface "$CDN_TUNNEL_PORT" type="$CDN_TUNNEL_TYPE" \\
     options:remote_ip="$CDN_REMOTE_IP" options:key="$CDN_TUNNEL_KEY" \\
     external_ids:cdn_fabric="$CDN_FABRIC" external_ids:cdn_remote_host="$CDN_REMOTE_HOST" \\
  -- set port "$CDN_TUNNEL_PORT" protected="$protected"
step="done"
`;

/** Teardown: removes the tunnel port; succeeds when it (or the bridge) is gone. */
export const FABRIC_TUNNEL_TEARDOWN_SCRIPT = `${SCRIPT_PRELUDE}
step="checking tools"
need ovs-vsctl openvswitch-switch
step="removing port $CDN_TUNNEL_PORT"
if ovs-vsctl br-exists "$CDN_OVS_BRIDGE"; then
  ovs-vsctl --if-exists del-port "$CDN_OVS_BRIDGE" "$CDN_TUNNEL_PORT"
fi
step="done"
`;
