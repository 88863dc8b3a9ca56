import { readScriptFile } from './script-file.js';

/**
 * The opening every generated script shares (`scripts/prelude.sh`): strict
 * mode; messages that name what the script works on (`$CDN_SUBJECT`) and the
 * step that failed; INT, TERM and HUP trapped, so the cleanup runs and the
 * script exits with 128+n; `ovs` and `docker_cli`, which run `ovs-vsctl` and
 * `docker` with a bounded wait; a check for the tools a script needs.
 */
export const SCRIPT_PRELUDE = readScriptFile(new URL('./scripts/prelude.sh', import.meta.url));
