import { describe, expect, it } from 'vitest';
import { eligibleBenefits, eligibleBenefitsByCategory, isEligible } from '../../shared/eligibility';
import type { Eligibility } from '../../shared/schemas';
import { IDS, makeLibrary } from './fixtures';

const ctx = { roleId: IDS.roleEngineer, employmentType: 'full-time', location: 'Remote' } as const;
const rule = (e: Partial<Eligibility>) => ({ eligibility: { employmentTypes: 'any', locations: 'any', roles: 'any', ...e } as Eligibility });

describe('isEligible', () => {
  it('applies "any" to everyone', () => {
    expect(isEligible(rule({}), ctx)).toBe(true);
    expect(isEligible(rule({}), { ...ctx, location: '' })).toBe(true);
  });

  it('limits by employment type', () => {
    expect(isEligible(rule({ employmentTypes: ['full-time', 'part-time'] }), ctx)).toBe(true);
    expect(isEligible(rule({ employmentTypes: ['part-time'] }), ctx)).toBe(false);
  });

  it('limits by location, ignoring case and spacing', () => {
    const portland = rule({ locations: ['Portland,  OR'] });
    expect(isEligible(portland, { ...ctx, location: 'portland, or' })).toBe(true);
    expect(isEligible(portland, { ...ctx, location: 'Portland, ME' })).toBe(false);
    expect(isEligible(portland, { ...ctx, location: '' })).toBe(false);
  });

  it('limits by role', () => {
    expect(isEligible(rule({ roles: [IDS.roleEngineer] }), ctx)).toBe(true);
    expect(isEligible(rule({ roles: [IDS.roleAssociate] }), ctx)).toBe(false);
  });

  it('needs every condition to hold', () => {
    expect(isEligible(rule({ employmentTypes: ['full-time'], locations: ['Portland, OR'] }), ctx)).toBe(false);
  });
});

describe('eligibleBenefits', () => {
  it('puts highlighted benefits first, otherwise keeping library order', () => {
    const names = eligibleBenefits(makeLibrary().benefits, ctx).map((b) => b.name);
    expect(names).toEqual(['Health insurance', 'Gear discount', 'Dental and vision', '401(k) match', 'Paid time off', 'Learning budget', 'Home office stipend']);
  });

  it('groups by category in the schema order', () => {
    const groups = eligibleBenefitsByCategory(makeLibrary().benefits, { roleId: IDS.roleAssociate, employmentType: 'part-time', location: 'Portland, OR' });
    expect(groups.map((g) => [g.category, g.benefits.map((b) => b.name)])).toEqual([
      ['health', ['Health insurance']],
      ['time off', ['Paid time off']],
      ['perks', ['Transit pass', 'Gear discount']],
    ]);
  });
});
