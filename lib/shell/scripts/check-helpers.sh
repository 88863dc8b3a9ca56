# What every read-only check shares. A check changes nothing on the host: it
# reads links, addresses and Open vSwitch records and says how they differ from
# the plan in its CDN_* values, one line each on standard output:
#   drift<TAB>what differs, in plain words
#   cannot-check<TAB>why the host could not be checked, and the fix
#   checked                  (the last line: the check ran to its end)
drift() { printf 'drift\t%s\n' "$*"; }
cannot_check() {
  printf 'cannot-check\t%s\n' "$*"
  exit 0
}
require() { command -v "$1" >/dev/null 2>&1 || cannot_check "$1 not found on this host: install the Debian package $2"; }
checked() {
  step="done"
  printf 'checked\n'
}

# Fields of one line of `ip -o link show`.
link_mtu() { printf '%s\n' "$1" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'; }
link_master() { printf '%s\n' "$1" | sed -n 's/.* master \([^ ]*\).*/\1/p'; }
link_is_up() {
  case "$1" in *[\<,]UP[,\>]*) return 0 ;; esac
  return 1
}
# Drift when the link in line $2 (described as $1) does not have MTU $3.
check_mtu() {
  actual=$(link_mtu "$2")
  if [ "$actual" != "$3" ]; then drift "$1 has MTU $actual, planned $3"; fi
}
# On or off, for a true/false column.
on_off() { if [ "$1" = true ]; then echo on; else echo off; fi; }

# An Open vSwitch value without quotes; empty when the record or key is absent.
# Call it as `x=$(ovs_value …)`, outside a condition, so a silent Open vSwitch stops the check.
ovs_value() {
  value=$(ovs --if-exists get "$@") || return 1
  printf '%s\n' "$value" | tr -d '"'
}
# Drift when Open vSwitch interface $2 (described as $1) does not ask for MTU $3.
check_mtu_request() {
  requested=$(ovs_value interface "$2" mtu_request)
  case "$requested" in
    "$3") ;;
    '' | '[]') drift "$1 has no mtu_request in Open vSwitch, planned $3" ;;
    *) drift "$1 has mtu_request=$requested in Open vSwitch, planned $3" ;;
  esac
}
# True when the lines of $1 hold the name $2 exactly.
listed() { printf '%s\n' "$1" | grep -qxF -- "$2"; }
ovs_answers() {
  ovs show >/dev/null || cannot_check "Open vSwitch does not answer on this host: is it running? (systemctl status openvswitch-switch)"
}
