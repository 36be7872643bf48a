import { describe, expect, it } from 'vitest';
import { composePacket } from '../../electron/documents';
import { blockText, documentText, runsText } from '../../shared/document-model';
import type { Block, ImageBlock } from '../../shared/document-model';
import { IDS, blocksOf, makeLibrary } from './fixtures';

const engineer = { roleId: IDS.roleEngineer };

function section(blocks: Block[], title: string): Block[] {
  const flat = blocks.flatMap((b) => (b.kind === 'group' ? b.blocks : [b]));
  const at = flat.findIndex((b) => b.kind === 'heading' && b.level === 1 && b.text === title);
  if (at < 0) throw new Error(`no section "${title}"`);
  const end = flat.findIndex((b, i) => i > at && b.kind === 'heading' && b.level === 1);
  return flat.slice(at + 1, end < 0 ? undefined : end);
}

const titleOf = (blocks: Block[]): string => {
  const t = blocks.find((b) => b.kind === 'paragraph' && b.style === 'title');
  return t ? blockText(t) : '';
};

const qrImages = (blocks: Block[]): ImageBlock[] =>
  blocks.flatMap((b) => (b.kind === 'group' ? b.blocks : [b])).filter((b): b is ImageBlock => b.kind === 'image' && b.image.alt.startsWith('QR code'));

describe('composePacket: thank-you', () => {
  it('thanks the candidate by preferred name', () => {
    const { doc, warnings } = composePacket(makeLibrary(), { ...engineer, candidateId: IDS.candidate });
    expect(titleOf(doc.blocks)).toBe('Thank you, Alex');
    expect(doc.meta.title).toBe('Thank you, Alex');
    expect(warnings).toEqual([]);
  });

  it('falls back to the full name, or a general thank-you without a candidate', () => {
    const lib = makeLibrary();
    const c = lib.candidates[0];
    if (!c) throw new Error('no candidate');
    c.preferredName = '';
    expect(titleOf(composePacket(lib, { ...engineer, candidateId: IDS.candidate }).doc.blocks)).toBe('Thank you, Alexandra Rivera');
    expect(titleOf(composePacket(lib, engineer).doc.blocks)).toBe('Thank you for meeting us');
  });

  it("mentions the candidate's event", () => {
    const text = documentText(composePacket(makeLibrary(), { ...engineer, candidateId: IDS.candidate }).doc);
    expect(text).toContain('at Spring hiring day on Tuesday, March 4, 2025');
  });
});

describe('composePacket: content', () => {
  it('tells about the company and its products', () => {
    const { doc } = composePacket(makeLibrary(), engineer);
    const about = section(doc.blocks, 'About Harbor & Pine Outfitters').map(blockText).join('\n');
    expect(about).toContain('Gear that lasts, for people who go outside.');
    expect(about).toContain('built to be repaired');
    expect(about).toContain('Say it plainly');
    expect(about).toContain('we still repair everything we sell');
    expect(about).toContain('Trailhead 30 pack');
    expect(about).toContain('become one');
  });

  it('describes the role with its pay range', () => {
    const lib = makeLibrary();
    const role = section(composePacket(lib, engineer).doc.blocks, 'The role: Senior Software Engineer').map(blockText).join('\n');
    expect(role).toContain('Pay: $140,000 – $175,000 per year');
    expect(role).toContain('Review code and mentor engineers on the team.');
    const hourly = section(composePacket(lib, { roleId: IDS.roleAssociate }).doc.blocks, 'The role: Store Associate').map(blockText).join('\n');
    expect(hourly).toContain('Pay: $19.50 – $23 per hour');
  });

  it('omits the pay line when the role has no pay range', () => {
    const lib = makeLibrary();
    const role = lib.roles[0];
    if (!role) throw new Error('no role');
    role.payRange = null;
    expect(documentText(composePacket(lib, engineer).doc)).not.toContain('Pay:');
  });

  it('lists only eligible benefits, by category, highlighted first, with waiting periods', () => {
    const lib = makeLibrary();
    const benefits = (roleId: string) =>
      section(composePacket(lib, { roleId }).doc.blocks, 'Your benefits').flatMap((b) =>
        b.kind === 'heading' ? [`# ${b.text}`] : b.kind === 'bullets' ? b.items.map((i) => runsText(i).split(' — ')[0] ?? '') : [],
      );
    expect(benefits(IDS.roleEngineer)).toEqual([
      '# Health',
      'Health insurance',
      'Dental and vision',
      '# Financial',
      '401(k) match',
      '# Time off',
      'Paid time off',
      '# Growth',
      'Learning budget',
      '# Perks',
      'Gear discount',
      'Home office stipend',
    ]);
    expect(benefits(IDS.roleAssociate)).toEqual(['# Health', 'Health insurance', '# Time off', 'Paid time off', '# Perks', 'Transit pass', 'Gear discount']);
    const text = section(composePacket(lib, engineer).doc.blocks, 'Your benefits').map(blockText).join('\n');
    expect(text).toContain('(waiting period: 90 days)');
  });

  it('shows the hiring steps with durations, and what happens next', () => {
    const next = section(composePacket(makeLibrary(), engineer).doc.blocks, 'What happens next');
    const steps = next.find((b) => b.kind === 'numbered');
    expect(steps && steps.kind === 'numbered' ? steps.items.map(runsText) : []).toEqual([
      'Phone screen (30 minutes) — A short call about you and the role.',
      'Technical conversation (60 minutes) — A conversation about problems you have solved.',
      'Team interview (45 minutes) — Meet the people you would work with.',
      'Decision (within 5 working days) — We decide and tell you, either way.',
    ]);
    expect(next.map(blockText).join('\n')).toContain('write to Dana Okafor at talent@harborpine.example');
  });

  it('invites the candidate to say what their experiences taught them', () => {
    const text = section(composePacket(makeLibrary(), engineer).doc.blocks, 'How to tell us about yourself').map(blockText).join('\n');
    expect(text).toContain('what it taught you');
    expect(text).toContain('how that lesson shapes the way you solve problems today');
  });

  it("introduces the event's interviewers, else those of the role's stages", () => {
    const lib = makeLibrary();
    const people = (opts: Parameters<typeof composePacket>[1]) =>
      blocksOf(composePacket(lib, opts).doc, 'heading')
        .filter((h) => h.level === 3 && lib.interviewers.some((i) => i.name === h.text))
        .map((h) => h.text);
    expect(people({ ...engineer, candidateId: IDS.candidate })).toEqual(['Priya Natarajan', 'Jun Tanaka']);
    expect(people({ roleId: IDS.roleAssociate })).toEqual(['Marcus Lee']);
    expect(people({ ...engineer, interviewerIds: [IDS.iJun] })).toEqual(['Jun Tanaka']);
    const meet = section(composePacket(lib, { roleId: IDS.roleAssociate }).doc.blocks, 'Meet your interviewer').map(blockText).join('\n');
    expect(meet).toContain('Store Manager, Pearl District · he/him');
    expect(meet).toContain('Marcus has run our Pearl District store');
  });

  it('gives the contacts', () => {
    const text = section(composePacket(makeLibrary(), engineer).doc.blocks, 'Stay in touch').map(blockText).join('\n');
    for (const line of ['Contact: Dana Okafor', 'Email: talent@harborpine.example', 'Phone: +1 (503) 555-0142', 'Website: https://harborpine.example']) {
      expect(text).toContain(line);
    }
  });
});

describe('composePacket: QR code', () => {
  it('links to the careers page with a PNG and alt text', () => {
    const [qr, ...more] = qrImages(composePacket(makeLibrary(), engineer).doc.blocks);
    expect(more).toHaveLength(0);
    expect(qr?.image.mime).toBe('image/png');
    expect(qr?.image.alt).toContain('https://harborpine.example/careers');
    expect(qr?.caption).toContain('https://harborpine.example/careers');
    const data = Buffer.from(qr?.image.data ?? new Uint8Array());
    expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(data.readUInt32BE(16)).toBe(data.readUInt32BE(20)); // square
  });

  it('is left out without a careers address', () => {
    const lib = makeLibrary();
    if (!lib.company) throw new Error('no company');
    lib.company.careersUrl = '';
    expect(qrImages(composePacket(lib, engineer).doc.blocks)).toHaveLength(0);
  });
});

describe('composePacket: errors and gaps', () => {
  it('names an unknown role, candidate or event', () => {
    const lib = makeLibrary();
    const nobody = '00000000-0000-4000-8000-000000009999';
    expect(() => composePacket(lib, { roleId: nobody })).toThrow(/No role matches/);
    expect(() => composePacket(lib, { ...engineer, candidateId: nobody })).toThrow(/No candidate matches/);
    expect(() => composePacket(lib, { ...engineer, eventId: nobody })).toThrow(/No event matches/);
  });

  it('composes without a company profile, with a warning', () => {
    const lib = makeLibrary();
    lib.company = null;
    const { doc, warnings } = composePacket(lib, engineer);
    expect(warnings.map((w) => w.code)).toEqual(['missing-company']);
    expect(documentText(doc)).not.toContain('About ');
    expect(documentText(doc)).toContain('The role: Senior Software Engineer');
  });
});
