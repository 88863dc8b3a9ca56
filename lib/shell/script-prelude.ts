/**
 * The opening every generated script shares: strict mode, messages that name
 * what the script works on (`$CDN_SUBJECT`) and the step that failed, and a
 * check for the tools it needs. Fixed text: no `${` or `%{`, so Terraform
 * passes it through.
 */
export const SCRIPT_PRELUDE = `set -eu
step="starting"
say() { printf 'cdktf-docker-network [%s]: %s\\n' "$CDN_SUBJECT" "$*" >&2; }
die() { say "$*"; exit 1; }
finish() {
  rc=$?
  cleanup_on_exit
  if [ "$rc" -ne 0 ]; then say "failed while $step (exit $rc)"; fi
  exit "$rc"
}
cleanup_on_exit() { :; }
trap finish EXIT
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2"; }
`;
