# Stopping the OVN daemons this library starts, each through its own control
# socket, and taking back what an OVN chassis set in Open vSwitch (used by the
# teardowns and the host's reconcile step, after ovn-tools.sh).

# Runs a command whose failure is expected and handled, with its errors and the
# shell's own report of a bound that killed it ("Alarm clock") going nowhere.
quietly() { ("$@" && exit 0) 2>/dev/null; }

# Whether process $1 still runs (a zombie, or a pid nobody has, does not).
process_runs() { [ -n "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" ]; }

# Stops process $1 with SIGTERM, and SIGKILL if it is still there after 5 s.
terminate() {
  kill -TERM "$1" 2>/dev/null || true
  tries=0
  while process_runs "$1" && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
  if process_runs "$1"; then kill -KILL "$1" 2>/dev/null || true; fi
}

# Stops the daemon of pid file $1 by `exit` on its control socket $2 (the way
# ovn-controller removes its chassis from the southbound database), then by
# signal if it is still there after a bounded wait; with $3 = signal, by signal
# at once. Daemons remove their pid file as they begin to exit: the wait is for
# the process itself.
stop_daemon() {
  if daemon_alive "$1"; then
    stopping="$daemon_pid"
    if [ "$3" != signal ]; then
      quietly ovn-appctl --timeout=10 -t "$2" exit >/dev/null || true
      tries=0
      while process_runs "$stopping" && [ "$tries" -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
      if process_runs "$stopping"; then say "$(basename "$1" .pid) (pid $stopping) did not exit within 10 s: stopping it with SIGTERM"; fi
    fi
    if process_runs "$stopping"; then terminate "$stopping"; fi
  fi
  rm -f "$1" "$2"
}

# A member of a Raft cluster (database $2, nb or sb, named $3, of the control
# plane in directory $1) leaves it, so the others no longer count it for their
# majority. Bounded: the last member, or one without a majority, cannot leave.
leave_cluster() {
  daemon_alive "$1/$2.pid" || return 0
  members=$(quietly ovn-appctl --timeout=5 -t "$1/$2.ctl" cluster/status "$3" | sed -n '/^Servers:/,$p' | grep -c ' at ') || return 0
  [ "$members" -gt 1 ] || return 0
  quietly ovn-appctl --timeout=5 -t "$1/$2.ctl" cluster/leave "$3" >/dev/null || true
  if ! quietly ovsdb-client --timeout=5 wait "unix:$1/$2.sock" "$3" removed; then
    say "the $3 database here did not leave its cluster within 5 s: if other members still run, remove this one there (ovs-appctl -t <their $2 control socket> cluster/kick $3 <server id>)"
  fi
}

# Stops the control plane whose files are in directory $1 (northd first, then
# the southbound and northbound database servers, each leaving its cluster
# first) and removes the directory.
remove_ovn_central() {
  stop_daemon "$1/northd.pid" "$1/northd.ctl" exit
  leave_cluster "$1" sb OVN_Southbound
  stop_daemon "$1/sb.pid" "$1/sb.ctl" exit
  leave_cluster "$1" nb OVN_Northbound
  stop_daemon "$1/nb.pid" "$1/nb.ctl" exit
  rm -rf "$1"
  # Then what is left above it: ovn-central/, the stack's directory and the state directory, when empty.
  rmdir "$(dirname "$1")" "$(dirname "$(dirname "$1")")" "$(dirname "$(dirname "$(dirname "$1")")")" 2>/dev/null || true
}

# Stops this stack's ovn-controller (directory $1): a graceful exit, which
# deletes the chassis from the southbound database and so every other host's
# tunnel to it. Cut off from that database, it would wait for it: then a
# signal, and the chassis stays listed there until the central removes it. Its
# control socket is named after its pid.
stop_ovn_controller() {
  daemon_alive "$1/ovn-controller.pid" || return 0
  controller_ctl="$1/ovn-controller.$daemon_pid.ctl"
  how="exit"
  if [ "$(quietly ovn-appctl --timeout=5 -t "$controller_ctl" connection-status)" != connected ]; then
    how="signal"
    system_id=$(ovs_text --if-exists get open_vswitch . external_ids:system-id)
    say "ovn-controller is not connected to the southbound database, so it cannot delete its chassis there: if the OVN central still runs, remove it there (ovn-sbctl chassis-del $system_id)"
  fi
  stop_daemon "$1/ovn-controller.pid" "$controller_ctl" "$how"
  rm -f "$1"/ovn-controller.*.ctl
}

# Takes the OVN settings this stack gave the Open vSwitch of this host back off
# it, if integration bridge $1 is the one they name, and puts back a system-id
# that was there before (kept in the bridge's external_ids:cdn_original_system_id).
clear_ovn_settings() {
  ovn_bridge=$(ovs_text --if-exists get open_vswitch . external_ids:ovn-bridge)
  ovn_owner=$(ovs_text --if-exists get open_vswitch . external_ids:cdn_owner)
  if [ "$ovn_bridge" != "$1" ] || [ "$ovn_owner" != "$CDN_OWNER" ]; then return 0; fi
  original_system_id=$(ovs_text --if-exists get bridge "$1" external_ids:cdn_original_system_id)
  ovs remove open_vswitch . external_ids ovn-remote ovn-encap-type ovn-encap-ip ovn-bridge ovn-bridge-datapath-type cdn_owner
  if [ -n "$original_system_id" ]; then
    ovs set open_vswitch . external_ids:system-id="$original_system_id"
  else
    ovs remove open_vswitch . external_ids system-id
  fi
}
