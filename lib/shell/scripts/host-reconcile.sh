# The host's reconcile step, run whenever what the code declares on this host
# changes: write the ledger, remove what this stack made here that the code no
# longer declares (found by its ownership mark, never by name alone), and
# (re)start the watcher that keeps the declared objects in place.
step="checking tools"
need ip iproute2
need base64 coreutils
need setsid util-linux

listed() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }

step="writing the ledger to $dir"
mkdir -p "$dir"
chmod 700 "$dir"
rm -rf "$dir/objects.new"
mkdir "$dir/objects.new"
printf '%s\n' "$CDN_LEDGER" | while read -r kind name record; do
  [ -n "$kind" ] || continue
  printf '%s' "$record" | base64 -d >"$dir/objects.new/$kind.$name.env"
done
rm -rf "$dir/objects"
mv "$dir/objects.new" "$dir/objects"
# The watcher's repair scripts: each comes only with an object in the ledger that needs it.
write_script() { if [ -n "$2" ]; then printf '%s' "$2" >"$dir/$1"; else rm -f "$dir/$1"; fi; }
write_script attach-static-address.sh "$CDN_ATTACH_SCRIPT"
write_script fabric-host-create.sh "$CDN_FABRIC_HOST_SCRIPT"
write_script ovn-central-create.sh "$CDN_OVN_CENTRAL_SCRIPT"
write_script ovn-chassis-create.sh "$CDN_OVN_CHASSIS_SCRIPT"
write_script watch.sh "$CDN_WATCH_SCRIPT"

step="removing links of $CDN_OWNER the code no longer declares"
mark="cdktf-docker-network:owner=$CDN_OWNER"
links=$(ip -o link show | awk -v mark="$mark" '$(NF - 1) == "alias" && $NF == mark { n = $2; sub(/@.*/, "", n); sub(/:$/, "", n); print n }')
for link in $links; do
  if ! listed "$link" "$CDN_DECLARED_LINKS"; then
    say "removing veth $link: the code no longer declares it"
    # Gone already when its container stopped meanwhile.
    ip link del dev "$link" 2>/dev/null || true
    rm -f "$dir/locks/$link"
  fi
done

external_id() { ovs --if-exists get "$1" "$2" "external_ids:$3" | tr -d '"'; }

# Ports on a bridge that this stack did not make (apart from $2, the underlay
# port of a physical bridge, and the tunnels our ovn-controller makes on an
# integration bridge): a bridge holding one is kept, never deleted with it.
foreign_ports() {
  foreign=""
  for port in $(ovs list-ports "$1"); do
    [ "$port" = "$2" ] && continue
    [ "$(external_id interface "$port" cdn_owner)" = "$CDN_OWNER" ] && continue
    [ -n "$3" ] && [ -n "$(external_id port "$port" ovn-chassis-id)" ] && continue
    foreign="$foreign $port"
  done
  printf '%s' "$foreign"
}
keep_bridge() {
  say "keeping Open vSwitch bridge $1, which the code no longer declares: it holds ports this stack did not make ($2 ). Move or remove them, then run this step again: terraform apply -replace=$CDN_AGENT_ADDRESS"
}

if command -v ovs-vsctl >/dev/null 2>&1 && ovs show >/dev/null 2>&1; then
  step="removing Open vSwitch ports of $CDN_OWNER the code no longer declares"
  ports=$(ovs --data=bare --no-heading --columns=name find interface external_ids:cdn_owner="$CDN_OWNER")
  for port in $ports; do
    if ! listed "$port" "$CDN_DECLARED_PORTS"; then
      ovn_nb=$(external_id interface "$port" cdn_ovn_nb)
      ovn_port=$(external_id interface "$port" cdn_ovn_port)
      if [ -n "$ovn_nb" ] && [ -n "$ovn_port" ]; then
        say "removing OVN logical switch port $ovn_port: the code no longer declares it"
        if ! command -v ovn-nbctl >/dev/null 2>&1; then
          say "ovn-nbctl not found: cannot remove logical switch port $ovn_port (install ovn-common)"
        elif ! nbctl_any "$ovn_nb" --if-exists lsp-del "$ovn_port"; then
          say "could not remove logical switch port $ovn_port (see above). If the OVN central still runs, remove the port there: ovn-nbctl lsp-del $ovn_port"
        fi
      fi
      say "removing Open vSwitch port $port: the code no longer declares it"
      ovs --if-exists del-port "$port"
    fi
  done

  step="removing fabric bridges of $CDN_OWNER the code no longer declares"
  mtus_to_restore=""
  bridges=$(ovs --data=bare --no-heading --columns=name find bridge external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=fabric)
  for bridge in $bridges; do
    listed "$bridge" "$CDN_DECLARED_BRIDGES" && continue
    foreign=$(foreign_ports "$bridge" "" "")
    if [ -n "$foreign" ]; then keep_bridge "$bridge" "$foreign"; continue; fi
    say "removing Open vSwitch bridge $bridge: the code no longer declares it"
    underlay_if=$(external_id bridge "$bridge" cdn_underlay_if)
    original=$(external_id bridge "$bridge" cdn_original_underlay_mtu)
    if [ -n "$underlay_if" ] && [ -n "$original" ]; then mtus_to_restore="$mtus_to_restore $underlay_if=$original"; fi
    ovs --if-exists del-br "$bridge"
  done

  step="removing OVN chassis of $CDN_OWNER the code no longer declares"
  bridges=$(ovs --data=bare --no-heading --columns=name find bridge external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=ovn-integration)
  for bridge in $bridges; do
    listed "$bridge" "$CDN_DECLARED_BRIDGES" && continue
    foreign=$(foreign_ports "$bridge" "" ovn)
    if [ -n "$foreign" ]; then keep_bridge "$bridge" "$foreign"; continue; fi
    say "removing this host's OVN chassis (integration bridge $bridge): the code no longer declares it"
    # Its exit deletes the chassis from the southbound database, and with it every other host's tunnel here.
    stop_ovn_controller "$dir/ovn-chassis"
    clear_ovn_settings "$bridge"
    underlay_if=$(external_id bridge "$bridge" cdn_underlay_if)
    original=$(external_id bridge "$bridge" cdn_original_underlay_mtu)
    if [ -n "$underlay_if" ] && [ -n "$original" ]; then mtus_to_restore="$mtus_to_restore $underlay_if=$original"; fi
    ovs --if-exists del-br "$bridge"
    rm -rf "$dir/ovn-chassis"
  done

  step="removing physical bridges of $CDN_OWNER the code no longer declares"
  bridges=$(ovs --data=bare --no-heading --columns=name find bridge external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_role=physical)
  for bridge in $bridges; do
    listed "$bridge" "$CDN_DECLARED_BRIDGES" && continue
    underlay_if=$(external_id bridge "$bridge" cdn_underlay_if)
    foreign=$(foreign_ports "$bridge" "$underlay_if" "")
    if [ -n "$foreign" ]; then keep_bridge "$bridge" "$foreign"; continue; fi
    say "removing Open vSwitch bridge $bridge and moving its address back: the code no longer declares it"
    address=$(external_id bridge "$bridge" cdn_underlay_address)
    if [ -n "$address" ] && ip -o -4 addr show dev "$bridge" 2>/dev/null | grep -q " $address "; then
      ip addr del "$address" dev "$bridge"
    fi
    ovs --if-exists del-br "$bridge"
    if [ -n "$address" ] && [ -n "$underlay_if" ] && ip link show dev "$underlay_if" >/dev/null 2>&1; then
      ip addr replace "$address" dev "$underlay_if"
      ip link set dev "$underlay_if" up
    fi
  done

  for restore in $mtus_to_restore; do
    underlay_if=$(printf '%s' "$restore" | cut -d= -f1)
    original=$(printf '%s' "$restore" | cut -d= -f2)
    if ip link show dev "$underlay_if" >/dev/null 2>&1; then
      step="restoring the MTU of $underlay_if to $original"
      ip link set dev "$underlay_if" mtu "$original"
    fi
  done
elif [ -n "$CDN_DECLARED_BRIDGES$CDN_DECLARED_PORTS" ]; then
  say "Open vSwitch does not answer here: its objects were not checked (is openvswitch-switch running?)"
fi

step="removing OVN control planes of $CDN_OWNER the code no longer declares"
for central in "$dir"/ovn-central/*; do
  [ -d "$central" ] || continue
  name=$(basename "$central")
  listed "$name" "$CDN_DECLARED_CENTRALS" && continue
  say "stopping OVN central $name and removing its databases: the code no longer declares it"
  remove_ovn_central "$central"
done

step="(re)starting the watcher"
stop_watcher
watch=no
for record in "$dir"/objects/static-attachment.*.env "$dir"/objects/fabric-bridge.*.env "$dir"/objects/ovn-central.*.env "$dir"/objects/ovn-chassis.*.env; do
  if [ -f "$record" ]; then watch=yes; fi
done
if [ "$watch" = yes ]; then
  start_watcher
elif [ -z "$CDN_LEDGER" ]; then
  # Nothing of this stack is left on the host: neither is its directory.
  rm -rf "$dir"
  rmdir "$CDN_STATE_DIR" 2>/dev/null || true
fi
step="done"
