# Read-only check of this host as an OVN chassis: what ovn-chassis-create.sh
# makes, compared with the plan in the same CDN_* values.
step="checking tools"
require ovs-vsctl openvswitch-switch
require ovn-appctl ovn-host
require ip iproute2
step="asking Open vSwitch"
ovs_answers

step="checking integration bridge $CDN_OVS_BRIDGE"
if ! ovs br-exists "$CDN_OVS_BRIDGE"; then
  drift "OVN integration bridge $CDN_OVS_BRIDGE of fabric $CDN_FABRIC is missing"
else
  datapath=$(ovs_value bridge "$CDN_OVS_BRIDGE" datapath_type)
  if [ -z "$datapath" ]; then datapath=system; fi
  [ "$datapath" = "$CDN_DATAPATH" ] || drift "bridge $CDN_OVS_BRIDGE has the $datapath datapath, planned $CDN_DATAPATH"
  fail_mode=$(ovs_value bridge "$CDN_OVS_BRIDGE" fail_mode)
  [ "$fail_mode" = secure ] || drift "bridge $CDN_OVS_BRIDGE is not in fail-mode secure: without OVN's flows it would forward everything"
  in_band=$(ovs_value bridge "$CDN_OVS_BRIDGE" other-config:disable-in-band)
  [ "$in_band" = true ] || drift "bridge $CDN_OVS_BRIDGE does not have other-config:disable-in-band=true"
  owner=$(ovs_value bridge "$CDN_OVS_BRIDGE" external_ids:cdn_owner)
  [ "$owner" = "$CDN_OWNER" ] || drift "bridge $CDN_OVS_BRIDGE does not carry the mark of stack $CDN_OWNER (external_ids:cdn_owner)"
fi

step="checking the OVN settings of Open vSwitch"
# Drift when Open vSwitch's external_ids:$1 is not $2.
check_setting() {
  actual=$(ovs_value open_vswitch . "external_ids:$1")
  if [ -z "$actual" ]; then
    drift "Open vSwitch has no external_ids:$1, planned $2"
  elif [ "$actual" != "$2" ]; then
    drift "Open vSwitch has external_ids:$1=$actual, planned $2"
  fi
}
check_setting system-id "$CDN_OVN_SYSTEM_ID"
check_setting ovn-remote "$CDN_OVN_REMOTE"
check_setting ovn-encap-type "$CDN_OVN_ENCAP_TYPE"
check_setting ovn-encap-ip "$CDN_OVN_ENCAP_IP"
check_setting ovn-bridge "$CDN_OVS_BRIDGE"
check_setting ovn-bridge-datapath-type "$CDN_DATAPATH"

step="checking ovn-controller"
chassis="$CDN_STATE_DIR/$CDN_OWNER/ovn-chassis"
if ! daemon_alive "$chassis/ovn-controller.pid"; then
  drift "ovn-controller of chassis $CDN_OVN_SYSTEM_ID (fabric $CDN_FABRIC) is not running"
else
  status=$(ovn_appctl -t "$chassis/ovn-controller.$daemon_pid.ctl" connection-status 2>/dev/null) || status="no answer"
  [ "$status" = connected ] || drift "ovn-controller of chassis $CDN_OVN_SYSTEM_ID is not connected to the southbound database at $CDN_OVN_REMOTE ($status)"
fi

check_underlay
checked
