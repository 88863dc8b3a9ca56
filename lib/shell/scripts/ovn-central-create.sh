# One host's part of an OVN control plane: the northbound and southbound
# databases (standalone, or one member of each Raft cluster) and ovn-northd,
# each a daemon with its files in one directory of this stack, then the
# fabric's logical switch.
step="checking tools"
need ovsdb-tool ovn-central
need ovsdb-server ovn-central
need ovsdb-client ovn-central
need ovn-northd ovn-central
need ovn-nbctl ovn-central
need ovn-sbctl ovn-central
need ovn-appctl ovn-central

central="$CDN_STATE_DIR/$CDN_OWNER/ovn-central/$CDN_OVN_CENTRAL"
nb_schema=/usr/share/ovn/ovn-nb.ovsschema
sb_schema=/usr/share/ovn/ovn-sb.ovsschema
if [ ! -f "$nb_schema" ] || [ ! -f "$sb_schema" ]; then
  die "the OVN database schemas are missing under /usr/share/ovn: install the Debian package ovn-common"
fi

step="finding $CDN_OVN_LISTEN_IP among the central hosts ($CDN_OVN_CLUSTER)"
# The central hosts' underlay addresses, one a line, in the plan's order.
members() { printf '%s\n' "$CDN_OVN_CLUSTER" | tr -s ' ' '\n' | sed '/^$/d'; }
# The client remotes of all of them on port $1, comma-separated: tcp:IP:PORT,...
remotes() { members | sed "s/^/tcp:/; s/\$/:$1/" | paste -sd, -; }
size=$(members | wc -l)
position=$(members | grep -nxF -- "$CDN_OVN_LISTEN_IP" | cut -d: -f1 | head -n 1)
[ -n "$position" ] || die "this host's address $CDN_OVN_LISTEN_IP is not one of the central hosts ($CDN_OVN_CLUSTER)"

# Creates database file $1 from schema $2 once: standalone, the first member of
# a cluster bootstraps it (Raft port $3), the others join through the rest.
create_database() {
  file="$1"
  schema="$2"
  raft_port="$3"
  if [ -e "$file" ]; then return 0; fi
  # Made under another name and renamed, so a file that is there is whole.
  rm -f "$file.new"
  if [ "$size" -eq 1 ]; then
    ovsdb-tool create "$file.new" "$schema"
  elif [ "$position" -eq 1 ]; then
    # (Its warning that clusters keep no ephemeral columns is expected.)
    ovsdb-tool -vconsole:off create-cluster "$file.new" "$schema" "tcp:$CDN_OVN_LISTEN_IP:$raft_port"
  else
    schema_name=$(ovsdb-tool schema-name "$schema")
    set --
    while read -r member; do
      [ "$member" = "$CDN_OVN_LISTEN_IP" ] || set -- "$@" "tcp:$member:$raft_port"
    done <<MEMBERS
$(members)
MEMBERS
    ovsdb-tool join-cluster "$file.new" "$schema_name" "tcp:$CDN_OVN_LISTEN_IP:$raft_port" "$@"
  fi
  mv "$file.new" "$file"
  # ovsdb-tool's lock file of the name it wrote.
  rm -f "$(dirname "$file")/.$(basename "$file").new.~lock~"
}

# Starts the database server $1 (nb or sb) on client port $2 unless it runs.
start_database() {
  if daemon_alive "$central/$1.pid"; then return 0; fi
  rm -f "$central/$1.sock" "$central/$1.ctl"
  ovsdb-server "$central/$1.db" --detach --no-chdir -vconsole:warn \
    --pidfile="$central/$1.pid" --unixctl="$central/$1.ctl" --log-file="$central/$1.log" \
    --remote="punix:$central/$1.sock" --remote="ptcp:$2:$CDN_OVN_LISTEN_IP" \
    || die "the OVN $1 database server did not start: see $central/$1.log"
}

step="creating the OVN databases in $central"
mkdir -p "$central"
chmod 700 "$central"
create_database "$central/nb.db" "$nb_schema" 6643
create_database "$central/sb.db" "$sb_schema" 6644

step="starting the OVN northbound database server"
start_database nb 6641
step="starting the OVN southbound database server"
start_database sb 6642

if [ "$size" -eq 1 ]; then
  nb_for_northd="unix:$central/nb.sock"
  sb_for_northd="unix:$central/sb.sock"
else
  # Every member's ovn-northd reaches the cluster leader; the one that takes the lock is active.
  nb_for_northd=$(remotes 6641)
  sb_for_northd=$(remotes 6642)
fi
step="starting ovn-northd"
if ! daemon_alive "$central/northd.pid"; then
  rm -f "$central/northd.ctl"
  ovn-northd --detach --no-chdir -vconsole:warn \
    --pidfile="$central/northd.pid" --unixctl="$central/northd.ctl" --log-file="$central/northd.log" \
    --ovnnb-db="$nb_for_northd" --ovnsb-db="$sb_for_northd" \
    || die "ovn-northd did not start: see $central/northd.log"
fi

for db in nb sb; do
  step="waiting for the OVN $db database to join its cluster and find its leader"
  schema_name=OVN_Northbound
  if [ "$db" = sb ]; then schema_name=OVN_Southbound; fi
  db_client wait "unix:$central/$db.sock" "$schema_name" connected \
    || die "the OVN $db database on this host did not join its cluster within $wait_seconds s: are the other central hosts ($CDN_OVN_CLUSTER) up, and Raft ports 6643/6644 reachable between them? See $central/$db.log"
done

if [ "$position" -eq 1 ]; then
  step="initializing the OVN databases"
  nbctl --db="unix:$central/nb.sock" --no-leader-only init
  ovn-sbctl --timeout="$wait_seconds" --db="unix:$central/sb.sock" --no-leader-only init
fi

step="creating logical switch $CDN_OVN_SWITCH"
# Through this member (a follower passes the write on to the leader), so any member can run it.
nb_here="unix:$central/nb.sock"
nbctl --db="$nb_here" --no-leader-only --may-exist ls-add "$CDN_OVN_SWITCH" \
  || die "the OVN northbound database did not take logical switch $CDN_OVN_SWITCH within $wait_seconds s: does its cluster ($CDN_OVN_CLUSTER) have a leader? See $central/nb.log"
# Central hosts that run this at once may each add the switch (names are not
# unique in the northbound database): all keep the same one, the lowest id.
found=$(nbctl --db="$nb_here" --no-leader-only --bare --columns=_uuid find logical_switch name="$CDN_OVN_SWITCH")
switches=$(printf '%s\n' "$found" | sed '/^$/d' | sort)
keep=$(printf '%s\n' "$switches" | head -n 1)
for switch in $switches; do
  [ "$switch" = "$keep" ] || nbctl --db="$nb_here" --no-leader-only --if-exists ls-del "$switch"
done
nbctl --db="$nb_here" --no-leader-only set logical_switch "$keep" \
  external_ids:cdn_owner="$CDN_OWNER" external_ids:cdn_fabric="$CDN_FABRIC"
step="done"
