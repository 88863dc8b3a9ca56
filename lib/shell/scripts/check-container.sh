# For the checks that look inside a container (static address, reachability).
# Sets pid to the process of running container $CDN_CONTAINER, whose network
# namespace the check can enter; leaves it empty, with the drift said (ending
# in $1), when the container does not exist or does not run. Called directly,
# not in $(…), so that cannot_check ends the check.
find_running_container() {
  pid=""
  step="finding container $CDN_CONTAINER"
  if ! names=$(docker_cli ps --all --format '{{.Names}}'); then
    cannot_check "Docker does not answer on this host: is dockerd running? (systemctl status docker)"
  fi
  if ! listed "$names" "$CDN_CONTAINER"; then
    drift "container $CDN_CONTAINER does not exist$1"
    return 0
  fi
  state=$(docker_cli inspect --type container --format '{{.State.Running}} {{.State.Pid}}' "$CDN_CONTAINER")
  if [ "$(printf '%s' "$state" | cut -d' ' -f1)" != true ]; then
    drift "container $CDN_CONTAINER is not running$1"
    return 0
  fi
  pid=$(printf '%s' "$state" | cut -d' ' -f2)
  step="entering the network namespace of container $CDN_CONTAINER"
  nsenter --net="/proc/$pid/ns/net" true || cannot_check "cannot enter the network namespace of container $CDN_CONTAINER: the check needs root (run it as root, or set sudo on the host's SSH access)"
}
