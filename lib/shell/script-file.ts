import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What Terraform would interpolate in a string of its JSON configuration. */
const TEMPLATE_SYNTAX = ['${', '%{'] as const;

/**
 * The text of one script file under `lib/shell/scripts/`, given by a URL
 * relative to the importing module: `new URL('./scripts/x.sh', import.meta.url)`.
 * Read synchronously when the module loads, so the package needs no top-level
 * await and CommonJS consumers can `require()` it. The text goes into Terraform
 * JSON unescaped, so a file holding `${` or `%{` is refused here, at load.
 */
export function readScriptFile(url: URL): string {
  const path = fileURLToPath(url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the shell script ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        'the build copies lib/shell/scripts/*.sh next to the compiled modules; run `npm run build` again',
    );
  }
  for (const syntax of TEMPLATE_SYNTAX) {
    const at = text.indexOf(syntax);
    if (at >= 0) {
      const line = text.slice(0, at).split('\n').length;
      throw new Error(`${path}:${line}: "${syntax}" would be interpolated by Terraform; write "$NAME" without braces`);
    }
  }
  if (!text.endsWith('\n')) throw new Error(`${path}: the script must end with a newline, so that scripts joined after it start on a line of their own`);
  return text;
}
