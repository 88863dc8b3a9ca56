# Also removes a namespace link that an interrupted attach left behind.
cleanup_on_exit() { rm -f "/run/netns/$CDN_NETNS"; }

if [ -n "$CDN_OVN_NB" ]; then
  step="removing logical switch port $CDN_OVN_PORT"
  # The central may be gone already (its teardown may run first): warn, do not fail.
  if ! command -v ovn-nbctl >/dev/null 2>&1; then
    say "ovn-nbctl not found: cannot remove logical switch port $CDN_OVN_PORT (install ovn-common)"
  elif ! nbctl_any "$CDN_OVN_NB" --if-exists lsp-del "$CDN_OVN_PORT"; then
    say "could not remove logical switch port $CDN_OVN_PORT (see above). If the OVN central still runs, remove the port there: ovn-nbctl lsp-del $CDN_OVN_PORT"
  fi
fi

step="removing Open vSwitch ports of $CDN_CONTAINER $CDN_IFNAME"
if [ "$CDN_BRIDGE_KIND" = ovs ]; then
  if command -v ovs-vsctl >/dev/null 2>&1; then
    ovs --if-exists del-port "$CDN_BRIDGE" "$CDN_HOST_IF"
    # Outside the loop, so a database that does not answer fails the step.
    ports=$(ovs --data=bare --no-heading --columns=name find interface \
      external_ids:container_id="$CDN_CONTAINER" external_ids:container_iface="$CDN_IFNAME")
    for port in $ports; do
      ovs --if-exists del-port "$port"
    done
  else
    say "ovs-vsctl not found: cannot remove Open vSwitch ports (install openvswitch-switch)"
  fi
fi

step="removing veth pair $CDN_HOST_IF"
if ip link show dev "$CDN_HOST_IF" >/dev/null 2>&1; then ip link del dev "$CDN_HOST_IF"; fi
if ip link show dev "$CDN_PEER_IF" >/dev/null 2>&1; then ip link del dev "$CDN_PEER_IF"; fi
rm -f "$CDN_STATE_DIR/$CDN_OWNER/locks/$CDN_HOST_IF"
step="done"
