import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DEBIAN_PACKAGES } from '../../lab/prerequisites.js';

describe('lab prerequisites', () => {
  it('CI installs exactly the Debian packages the lab checks for', () => {
    const ci = readFileSync(join(import.meta.dirname, '..', '..', '.ci', 'run'), 'utf8');
    const list = /^packages=\(([^)]*)\)$/m.exec(ci)?.[1]?.split(/\s+/).filter(Boolean);
    expect(list?.sort()).toEqual([...LAB_DEBIAN_PACKAGES].sort());
  });
});
