import { parseCheckOutput } from '../../lib/shell/check-output.js';

describe('parseCheckOutput', () => {
  it('reads drift lines, in order, when the check ran to its end', () => {
    expect(parseCheckOutput('drift\tveth cdn1 is down\ndrift\teth1 in container web has MTU 1400, planned 1500\nchecked\n')).toEqual({
      kind: 'checked',
      drift: ['veth cdn1 is down', 'eth1 in container web has MTU 1400, planned 1500'],
    });
  });

  it('a check with no drift matches', () => {
    expect(parseCheckOutput('checked\n')).toEqual({ kind: 'checked', drift: [] });
  });

  it('keeps tabs inside the words (only the first tab separates)', () => {
    expect(parseCheckOutput('drift\ta\tb\nchecked')).toEqual({ kind: 'checked', drift: ['a\tb'] });
  });

  it('cannot-check wins over anything before it', () => {
    expect(parseCheckOutput('drift\tx\ncannot-check\tip not found on this host: install the Debian package iproute2\n')).toEqual({
      kind: 'cannot-check',
      reason: 'ip not found on this host: install the Debian package iproute2',
    });
  });

  it('output that stops before "checked" is incomplete, never a match', () => {
    expect(parseCheckOutput('')).toEqual({ kind: 'incomplete', drift: [] });
    expect(parseCheckOutput('drift\tveth cdn1 is down\n')).toEqual({ kind: 'incomplete', drift: ['veth cdn1 is down'] });
    expect(parseCheckOutput('checked\ndrift\tlate\n')).toEqual({ kind: 'incomplete', drift: ['late'] });
  });

  it('ignores lines of any other form', () => {
    expect(parseCheckOutput('hello\ndrifting\tno\nchecked\n')).toEqual({ kind: 'checked', drift: [] });
  });
});
