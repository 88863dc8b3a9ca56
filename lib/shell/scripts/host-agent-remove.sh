# Removes the stack's watcher and ledger from this host (the objects themselves
# are torn down by their own resources, which Terraform destroys after this).
step="stopping the watcher"
stop_watcher
step="removing $dir"
rm -rf "$dir"
rmdir "$CDN_STATE_DIR" 2>/dev/null || true
step="done"
