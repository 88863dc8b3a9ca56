/**
 * Docker image references, checked against the grammar of the distribution
 * reference package (`[registry[:port]/]path[:tag][@digest]`), so a typo fails at
 * synth instead of during `docker pull` in the middle of a deploy.
 */

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** Docker rejects repository names longer than this. */
const MAX_NAME_LENGTH = 255;

/** Why `image` is not a valid Docker image reference, or `undefined` when it is. */
export function imageReferenceProblem(image: string): string | undefined {
  const match = REFERENCE.exec(image);
  if (!match) {
    const hint = /[A-Z]/.test(image.split(/[:@]/)[0] ?? '')
      ? ' Repository names must be lower case.'
      : '';
    return (
      `image ${JSON.stringify(image)} is not a valid Docker image reference.${hint} ` +
      `Use [registry/]name[:tag][@sha256:digest], e.g. "mongo:7.0" or "registry.example.com/team/app:1.2"`
    );
  }
  if (match[1]!.length > MAX_NAME_LENGTH) {
    return `image ${JSON.stringify(image)} has a repository name longer than ${MAX_NAME_LENGTH} characters. Use a shorter name`;
  }
  return undefined;
}
