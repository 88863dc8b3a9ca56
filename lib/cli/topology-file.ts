import { readFileSync, statSync } from 'node:fs';
import type { TopologyDocument } from '../report/topology-document.js';
import { READABLE_TOPOLOGY_SCHEMA_VERSIONS, validateTopologyDocument } from '../report/validate-topology-document.js';
import { CliError } from './cli-error.js';
import { describeFsError } from './fs-error.js';
import { SYNTH_COMMAND } from './synth-command.js';

/** How many bad fields a message lists before it says how many more there are. */
const MAX_ISSUES = 20;
const RESYNTH = `topology.json is written by ${SYNTH_COMMAND}; synthesize again with this version of cdktf-docker-network rather than editing it by hand`;

/**
 * Reads and checks one `topology.json`, and returns it in this version's shape
 * (a file of an earlier schema version this one still reads is upgraded, so a
 * diff against it shows only real changes). Every failure is a CliError naming
 * the file (`shownAs`, by default its path) and saying what to do: a directory
 * in its place, a file that cannot be read, text that is not JSON (with the
 * parser's reason), a document of a schema version this one cannot read, or one
 * whose fields do not fit the schema of its version (each bad field named by
 * its JSON path in the file).
 */
export function readTopologyFile(file: string, shownAs: string = file): TopologyDocument {
  const text = readText(file, shownAs);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the file is empty' : withLineAndColumn((error as Error).message, text);
    throw new CliError(`${shownAs} is not valid JSON: ${reason}. ${RESYNTH}`);
  }
  const result = validateTopologyDocument(value);
  if (result.ok) return result.document;
  if (result.problem === 'schema-version') {
    const fix =
      result.found > Math.max(...READABLE_TOPOLOGY_SCHEMA_VERSIONS)
        ? 'It was written by a newer cdktf-docker-network: upgrade this one (npm install cdktf-docker-network@latest), or synthesize with the version installed here'
        : `It was written by an older cdktf-docker-network: run ${SYNTH_COMMAND} again with this version`;
    const readable = READABLE_TOPOLOGY_SCHEMA_VERSIONS.join(' and ');
    throw new CliError(`${shownAs} has schemaVersion ${result.found}, but this cdktf-docker-network reads schemaVersion ${readable} only. ${fix}`);
  }
  const listed = result.issues.slice(0, MAX_ISSUES).map((issue) => `  ${issue}`);
  if (result.issues.length > MAX_ISSUES) listed.push(`  … and ${result.issues.length - MAX_ISSUES} more`);
  throw new CliError(`${shownAs} is not a valid topology document:\n${listed.join('\n')}\n${RESYNTH}`);
}

/** Node 20's parser says only "at position 1234": add where that is, for a reader with an editor. */
function withLineAndColumn(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message);
  if (!position || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `${message} (line ${before.length}, column ${before.at(-1)!.length + 1})`;
}

function readText(file: string, shownAs: string): string {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch (error) {
    throw unreadable(shownAs, error);
  }
  if (isDirectory) {
    throw new CliError(`${shownAs} is a directory, but it should be the topology.json file that ${SYNTH_COMMAND} writes. Remove the directory and synthesize again`);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(shownAs, error);
  }
}

function unreadable(shownAs: string, error: unknown): CliError {
  return new CliError(`cannot read ${shownAs}: ${describeFsError(error)}. Make it a readable file (check its permissions, or where a symlink points), or synthesize again with ${SYNTH_COMMAND}`);
}
