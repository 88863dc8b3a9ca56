# Stops this host's part of the OVN control plane and removes its files.
# Succeeds when it is gone already. The logical switch goes with the databases.
step="stopping the OVN control plane $CDN_OVN_CENTRAL"
remove_ovn_central "$CDN_STATE_DIR/$CDN_OWNER/ovn-central/$CDN_OVN_CENTRAL"
step="done"
