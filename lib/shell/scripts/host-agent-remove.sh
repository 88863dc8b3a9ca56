# Removes the stack's watcher and ledger from this host (the objects themselves
# are torn down by their own resources, which Terraform destroys after this).
step="stopping the watcher"
stop_watcher
step="removing the ledger and the watcher's files from $dir"
# The OVN daemons keep their pid files and control sockets in ovn-central/ and
# ovn-chassis/: those stay for the teardowns that stop them, which remove them
# and then what is left of the directory.
if [ -d "$dir" ]; then
  for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || continue
    case "$(basename "$entry")" in ovn-central | ovn-chassis) continue ;; esac
    rm -rf "$entry"
  done
fi
rmdir "$dir" 2>/dev/null || true
rmdir "$CDN_STATE_DIR" 2>/dev/null || true
step="done"
