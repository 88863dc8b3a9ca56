import fc from 'fast-check';
import { execa } from 'execa';
import { assignmentLines, shellQuote } from '../../lib/shell/shell-quote.js';

/** What a real POSIX shell (dash, /bin/sh) reads back. */
async function shellReadsBack(script: string): Promise<string> {
  const { stdout } = await execa('sh', ['-c', script], { stripFinalNewline: false });
  return stdout;
}

const HOSTILE = ['with space', "it's", '"double"', '$(touch /tmp/cdn-pwned)', '`touch /tmp/cdn-pwned`', 'line\nbreak', '$HOME', '\\', '*', ';', "'; touch /tmp/cdn-pwned; '"];

describe('shellQuote', () => {
  it.each(HOSTILE)('reads %j back unchanged in a real shell', async (value) => {
    expect(await shellReadsBack(`printf '%s' ${shellQuote(value)}`)).toBe(value);
  });

  it('reads any string without NUL back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), async (value) => {
        expect(await shellReadsBack(`printf '%s' ${shellQuote(value)}`)).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a NUL byte, which no shell word can hold', () => {
    expect(() => shellQuote('a\0b')).toThrow('a shell word cannot contain a NUL byte');
  });
});

describe('assignmentLines', () => {
  it('hands every value to a script byte for byte, exported', async () => {
    const variables = Object.fromEntries(HOSTILE.map((value, i) => [`V${i}`, value]));
    const script = [...assignmentLines(variables), `sh -c 'for v in ${Object.keys(variables).join(' ')}; do eval "printf \\"%s|\\" \\"\\$$v\\""; done'`].join('\n');
    expect(await shellReadsBack(script)).toBe(HOSTILE.map((v) => `${v}|`).join(''));
  });

  it.each(['lower', '1ST', 'A-B', 'A B', '$(x)'])('refuses variable name %j', (name) => {
    expect(() => assignmentLines({ [name]: 'x' })).toThrow(`${JSON.stringify(name)} is not a shell variable name`);
  });
});
