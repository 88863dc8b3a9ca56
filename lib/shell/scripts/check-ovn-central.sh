# Read-only check of one host's part of an OVN control plane: what
# ovn-central-create.sh makes, compared with the plan in the same CDN_* values.
step="checking tools"
require ovn-appctl ovn-central
require ovn-nbctl ovn-central

central="$CDN_STATE_DIR/$CDN_OWNER/ovn-central/$CDN_OVN_CENTRAL"
step="checking OVN central $CDN_OVN_CENTRAL"
if [ ! -d "$central" ]; then
  drift "OVN central $CDN_OVN_CENTRAL of fabric $CDN_FABRIC is missing from this host (no $central)"
  checked
  exit 0
fi
nb_running=yes
for daemon in nb sb northd; do
  case "$daemon" in
    nb) what="northbound database server" ;;
    sb) what="southbound database server" ;;
    *) what=ovn-northd ;;
  esac
  if ! daemon_alive "$central/$daemon.pid"; then
    drift "the $what of OVN central $CDN_OVN_CENTRAL (fabric $CDN_FABRIC) is not running"
    if [ "$daemon" = nb ]; then nb_running=no; fi
  fi
done

members=$(printf '%s\n' "$CDN_OVN_CLUSTER" | tr -s ' ' '\n' | sed '/^$/d' | wc -l)
if [ "$members" -gt 1 ]; then
  step="checking cluster membership"
  for db in nb sb; do
    daemon_alive "$central/$db.pid" || continue
    schema_name=OVN_Northbound
    if [ "$db" = sb ]; then schema_name=OVN_Southbound; fi
    status=$(ovn_appctl -t "$central/$db.ctl" cluster/status "$schema_name" 2>/dev/null | sed -n 's/^Status: //p')
    if [ "$status" != "cluster member" ]; then
      drift "the $schema_name database of OVN central $CDN_OVN_CENTRAL is not a member of its cluster ($CDN_OVN_CLUSTER): status '$status'"
    fi
  done
fi

if [ "$nb_running" = yes ]; then
  step="checking logical switch $CDN_OVN_SWITCH"
  if ! marks=$(nbctl --db="unix:$central/nb.sock" --no-leader-only --bare --columns=external_ids find logical_switch name="$CDN_OVN_SWITCH"); then
    cannot_check "the northbound database of OVN central $CDN_OVN_CENTRAL does not answer: see $central/nb.log"
  fi
  if [ -z "$marks" ]; then
    drift "logical switch $CDN_OVN_SWITCH of fabric $CDN_FABRIC is missing from the northbound database"
  else
    case " $(printf '%s' "$marks" | tr '\n' ' ') " in
      *" cdn_owner=$CDN_OWNER "*) ;;
      *) drift "logical switch $CDN_OVN_SWITCH does not carry the mark of stack $CDN_OWNER (external_ids:cdn_owner)" ;;
    esac
  fi
fi
checked
