import {
  formatVerificationJson,
  formatVerificationMarkdown,
  formatVerificationText,
  verificationStatus,
  verificationSummary,
  type StackVerification,
} from '../../lib/report/drift-report.js';
import { formatRepairJson, formatRepairMarkdown, formatRepairText, repairStatus, type StackRepair } from '../../lib/report/repair-report.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';

const tunnel = {
  kind: 'fabric-tunnel',
  name: 'gre-469dd4f6',
  subject: 'fabric lab-fabric tunnel gre-469dd4f6 to h2',
  declaredBy: 'lab-verify/fabric/h1-to-h2',
  drift: ['tunnel port gre-469dd4f6 to host h2 (192.168.78.12) is missing from bridge cdno-38739585'],
};
const web = {
  kind: 'static-attachment',
  name: 'cdnd6218220c6',
  subject: 'static address 10.42.1.128/24 of web eth1',
  declaredBy: 'lab-verify/static/web-attachment-b9fb88/attachment',
  drift: ['veth cdnd6218220c6 (the host end of eth1 in container web) is missing', 'container web has no interface eth1'],
};

const matching: StackVerification = {
  stack: 'lab-verify',
  hosts: [
    { host: 'h1', checkedObjects: 4, objects: [] },
    { host: 'h2', checkedObjects: 2, objects: [] },
  ],
};
const drifted: StackVerification = {
  stack: 'lab-verify',
  hosts: [
    { host: 'h1', checkedObjects: 4, objects: [tunnel, web], reachability: ['container web does not reach 10.42.1.129'] },
    { host: 'h2', checkedObjects: 2, objects: [], reachability: [] },
  ],
};
const unchecked: StackVerification = {
  stack: 'lab-verify',
  hosts: [
    { host: 'h1', checkedObjects: 4, objects: [web] },
    { host: 'h2', checkedObjects: 0, objects: [], unchecked: 'lab namespace cdnver-gone does not exist (no /run/netns/cdnver-gone): start the lab, or check the host\'s access in the code' },
  ],
};

describe('verification reports', () => {
  it('status: a host that could not be checked outweighs drift, drift outweighs a match', () => {
    expect([matching, drifted, unchecked].map(verificationStatus)).toEqual(['matches', 'drift', 'unchecked']);
    expect(verificationStatus({ stack: 's', hosts: [{ host: 'h', checkedObjects: 0, objects: [], reachability: ['container a does not reach 10.0.0.2'] }] })).toBe('drift');
  });

  it('text, as planned: one line per host and a summary', () => {
    expect(formatVerificationText(matching)).toBe(
      ['stack lab-verify', '  host h1: 4 objects as planned', '  host h2: 2 objects as planned', '', 'no drift: 6 objects on 2 hosts as planned', ''].join('\n'),
    );
  });

  it('text, drifted: grouped by host, each object with what differs, then reachability', () => {
    expect(formatVerificationText(drifted)).toBe(
      [
        'stack lab-verify',
        '  host h1',
        '    fabric lab-fabric tunnel gre-469dd4f6 to h2',
        '      ! tunnel port gre-469dd4f6 to host h2 (192.168.78.12) is missing from bridge cdno-38739585',
        '    static address 10.42.1.128/24 of web eth1',
        '      ! veth cdnd6218220c6 (the host end of eth1 in container web) is missing',
        '      ! container web has no interface eth1',
        '    reachability',
        '      ! container web does not reach 10.42.1.129',
        '  host h2: 2 objects as planned',
        '',
        '2 drifted objects and 1 unreachable address on 1 host',
        '',
      ].join('\n'),
    );
  });

  it('text, a host that could not be checked: says why, and the summary counts it', () => {
    const text = formatVerificationText(unchecked);
    expect(text).toContain("  host h2\n    could not check: lab namespace cdnver-gone does not exist (no /run/netns/cdnver-gone): start the lab, or check the host's access in the code\n");
    expect(verificationSummary(unchecked)).toBe('1 drifted object on 1 host; 1 host could not be checked');
  });

  it('the summary says every container reaches the others only when reachability was checked', () => {
    const reached: StackVerification = { stack: 's', hosts: matching.hosts.map((h) => ({ ...h, reachability: [] })) };
    expect(verificationSummary(reached)).toBe('no drift: 6 objects on 2 hosts as planned; every container reaches every planned address of its networks');
    expect(verificationSummary(matching)).toBe('no drift: 6 objects on 2 hosts as planned');
  });

  it('a host with nothing recorded shows its note instead of a count', () => {
    const text = formatVerificationText({ stack: 's', hosts: [{ host: 'h', checkedObjects: 0, objects: [], note: 'nothing recorded to check' }] });
    expect(text).toContain('  host h: nothing recorded to check\n');
  });

  it('markdown: a heading, each host in bold with its name as code, drift as nested items', () => {
    const markdown = formatVerificationMarkdown(drifted);
    expect(markdown).toContain('**host** `h1`\n\n- `fabric lab-fabric tunnel gre-469dd4f6 to h2`\n  - `tunnel port gre-469dd4f6 to host h2 (192.168.78.12) is missing from bridge cdno-38739585`\n');
    expect(markdown).toContain('- reachability\n  - `container web does not reach 10.42.1.129`\n');
    expect(markdown).toContain('⚠️ 2 drifted objects and 1 unreachable address on 1 host.');
    expect(formatVerificationMarkdown(matching)).toContain('✅ no drift: 6 objects on 2 hosts as planned.');
    expect(formatVerificationMarkdown(unchecked)).toContain('- ⚠️ could not check: `lab namespace cdnver-gone');
  });

  it('json: the data with its status', () => {
    expect(JSON.parse(formatVerificationJson(drifted))).toEqual({ status: 'drift', ...JSON.parse(JSON.stringify(drifted)) });
  });

  it('markdown stays markup-free whatever a host or the topology says', () => {
    const hostile: StackVerification = {
      stack: HOSTILE_NAMES[0]!,
      hosts: HOSTILE_NAMES.map((name, i) => ({
        host: name,
        checkedObjects: 1,
        objects: [{ kind: 'static-attachment', name, subject: name, declaredBy: name, drift: [name] }],
        reachability: [name],
        ...(i % 2 ? { unchecked: name } : {}),
      })),
    };
    const rendered = renderMarkdown(formatVerificationMarkdown(hostile));
    expect([...new Set(rendered.elements)].sort()).toEqual(['code', 'h3', 'h4', 'li', 'p', 'strong', 'ul']);
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
    expect(rendered.codes).toEqual(expect.arrayContaining(HOSTILE_NAMES.map(visibleText)));
    // Text keeps every name on its own line, its invisible characters escaped.
    const text = formatVerificationText(hostile);
    expect(text.split('\n').filter((line) => line.startsWith('stack '))).toHaveLength(1);
    expect(text).not.toMatch(/[\u202e\u200b\r]/);
  });
});

describe('repair reports', () => {
  const repair: StackRepair = {
    stack: 'lab-verify',
    before: drifted,
    actions: [
      { host: 'h1', kind: 'fabric-tunnel', name: tunnel.name, subject: tunnel.subject, outcome: 'repaired' },
      {
        host: 'h1',
        kind: 'static-attachment',
        name: web.name,
        subject: web.subject,
        outcome: 'failed',
        message: 'the create script failed (exit 1): container web is not running: start it before attaching its static address; failed while finding container web (exit 1)',
      },
    ],
    after: { stack: 'lab-verify', hosts: [{ host: 'h1', checkedObjects: 4, objects: [{ ...web, drift: ['container web is not running'] }] }, matching.hosts[1]!] },
  };

  it('text: what ran on each host, then the verification after', () => {
    expect(formatRepairText(repair)).toBe(
      [
        'repair of stack lab-verify',
        '  host h1',
        '    repaired fabric lab-fabric tunnel gre-469dd4f6 to h2',
        '    could not repair static address 10.42.1.128/24 of web eth1: the create script failed (exit 1): container web is not running: start it before attaching its static address; failed while finding container web (exit 1)',
        '',
        'verify after the repair:',
        'stack lab-verify',
        '  host h1',
        '    static address 10.42.1.128/24 of web eth1',
        '      ! container web is not running',
        '  host h2: 2 objects as planned',
        '',
        '1 drifted object on 1 host',
        '',
      ].join('\n'),
    );
    expect(repairStatus(repair)).toBe('drift');
  });

  it('nothing to repair when nothing drifted: the status is the verification\'s', () => {
    const none: StackRepair = { stack: 'lab-verify', before: matching, actions: [] };
    expect(formatRepairText(none)).toBe(`nothing to repair\n${formatVerificationText(matching)}`);
    expect(repairStatus(none)).toBe('matches');
    expect(repairStatus({ stack: 'x', before: unchecked, actions: [] })).toBe('unchecked');
  });

  it('markdown and json', () => {
    const markdown = formatRepairMarkdown(repair);
    expect(markdown).toContain('### Network repair');
    expect(markdown).toContain('- ✅ repaired `fabric lab-fabric tunnel gre-469dd4f6 to h2`');
    expect(markdown).toContain('- ❌ could not repair `static address 10.42.1.128/24 of web eth1`: `the create script failed');
    expect(markdown).toContain('### Network drift after the repair');
    expect(JSON.parse(formatRepairJson(repair))).toMatchObject({ status: 'drift', stack: 'lab-verify', actions: [{ outcome: 'repaired' }, { outcome: 'failed' }] });
  });
});
