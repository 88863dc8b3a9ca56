# Read-only reachability check: from inside the network namespace of one
# container, one round of echo requests to each planned address in
# CDN_TARGETS (space-separated, every one taken from the topology).
step="checking tools"
require nsenter util-linux
require ping iputils-ping
require timeout coreutils
require docker docker.io

find_running_container ", so it reaches nothing"
if [ -n "$pid" ]; then
  for target in $CDN_TARGETS; do
    step="pinging $target from container $CDN_CONTAINER"
    # Two requests 0.2 s apart: the first may be spent on resolving the neighbour.
    if ! nsenter --net="/proc/$pid/ns/net" ping -n -q -c 2 -i 0.2 -W 2 "$target" >/dev/null 2>&1; then
      drift "container $CDN_CONTAINER does not reach $target"
    fi
  done
fi
checked
