#!/bin/sh
# `npm test` after the type check: every jest suite, in two jest processes side
# by side. The lab suites (test/lab/) run one at a time in their own process,
# since each builds network namespaces and daemons of its own; every other suite
# (unit, consumer, security) runs in the second process meanwhile, because the
# lab spends much of its time waiting on daemons, Terraform and the network.
# Each process prints its own summary; the status is non-zero when either failed.
# With arguments (`npm test -- test/cli`), one jest runs the suites they select.
set -u
NODE_OPTIONS=--experimental-vm-modules
export NODE_OPTIONS
jest=node_modules/.bin/jest
[ "$#" -gt 0 ] && exec "$jest" --runInBand "$@"

"$jest" --runInBand --testPathPatterns '/test/lab/' &
lab=$!
# An interrupted run stops the lab's jest too, so its afterAll hooks clean up.
trap 'kill -INT "$lab" 2>/dev/null' INT TERM HUP

"$jest" --runInBand --testPathIgnorePatterns '/test/lab/'
others=$?
wait "$lab"
lab_status=$?
echo "npm test: the lab suites exited $lab_status, the other suites $others" >&2
[ "$lab_status" -eq 0 ] && [ "$others" -eq 0 ]
