# Starting and stopping the host's watcher (scripts/host-watch.sh). On a host
# run by systemd it is a unit that starts after Docker and Open vSwitch at boot;
# elsewhere (the lab, containers) a process in its own session, found again by
# its pid file.
dir="$CDN_STATE_DIR/$CDN_OWNER"
unit="cdktf-docker-network-$CDN_OWNER.service"
unit_file="/etc/systemd/system/$unit"

has_systemd() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

# The unit: started after the daemons whose objects it restores, restarted if it dies.
write_unit() {
  cat >"$1" <<UNIT
[Unit]
Description=cdktf-docker-network watcher of stack $CDN_OWNER: restores static addresses, fabric bridges and OVN daemons
After=docker.service openvswitch-switch.service
Wants=docker.service

[Service]
Type=simple
ExecStart=/bin/sh $dir/watch.sh
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
}

# The pid in the pid file, if that process is still this watcher (pids are reused).
watcher_pid() {
  [ -f "$dir/watch.pid" ] || return 1
  pid=$(cat "$dir/watch.pid")
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  grep -q "$dir/watch.sh" "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

stop_watcher() {
  if [ -f "$unit_file" ] && has_systemd; then
    systemctl disable --now "$unit" >/dev/null 2>&1 || say "could not stop $unit"
    rm -f "$unit_file"
    systemctl daemon-reload
  fi
  if pid=$(watcher_pid); then
    # The watcher leads its own process group: this stops its docker events stream too.
    kill -TERM "-$pid" 2>/dev/null || true
    tries=0
    # Until it is gone or a zombie (kill -0 would wait for an init that is slow to reap it).
    while [ -n "$(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null)" ] && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
    kill -KILL "-$pid" 2>/dev/null || true
  fi
  rm -f "$dir/watch.pid"
}

start_watcher() {
  if has_systemd; then
    write_unit "$unit_file"
    systemctl daemon-reload
    systemctl enable --now "$unit" >/dev/null 2>&1 || die "could not start $unit (systemctl status $unit)"
  else
    # Its own session, every descriptor away from this script's, so Terraform does not wait for it.
    setsid sh "$dir/watch.sh" </dev/null >"$dir/watch.log" 2>&1 &
    tries=0
    until watcher_pid >/dev/null; do
      [ "$tries" -lt 50 ] || die "the watcher did not start: see $dir/watch.log"
      sleep 0.1
      tries=$((tries + 1))
    done
  fi
}
