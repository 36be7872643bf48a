/**
 * Which benefits apply to a role: a pure rule shared by the documents and the UI.
 *
 * A benefit applies when each of its three conditions holds: the employment
 * type, the location and the role are each "any" or listed. Locations compare
 * without regard to case or spacing ("Portland,  OR" = "portland, or"); a
 * location-limited benefit does not apply to a role with no location.
 */
import type { Benefit, BenefitCategory, EmploymentType, Role } from './schemas';
import { BENEFIT_CATEGORIES } from './schemas';

export interface EligibilityContext {
  roleId: string;
  employmentType: EmploymentType;
  location: string;
}

export function contextOfRole(role: Pick<Role, 'id' | 'employmentType' | 'location'>): EligibilityContext {
  return { roleId: role.id, employmentType: role.employmentType, location: role.location };
}

export function normaliseLocation(location: string): string {
  return location.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function isEligible(benefit: Pick<Benefit, 'eligibility'>, ctx: EligibilityContext): boolean {
  const { employmentTypes, locations, roles } = benefit.eligibility;
  const typeOk = employmentTypes === 'any' || employmentTypes.includes(ctx.employmentType);
  const roleOk = roles === 'any' || roles.includes(ctx.roleId);
  const here = normaliseLocation(ctx.location);
  const locationOk = locations === 'any' || (here !== '' && locations.some((l) => normaliseLocation(l) === here));
  return typeOk && roleOk && locationOk;
}

/** The benefits that apply, highlighted ones first, otherwise in library order. */
export function eligibleBenefits<B extends Pick<Benefit, 'eligibility' | 'highlight'>>(
  benefits: readonly B[],
  ctx: EligibilityContext,
): B[] {
  const applying = benefits.filter((b) => isEligible(b, ctx));
  return [...applying.filter((b) => b.highlight), ...applying.filter((b) => !b.highlight)];
}

export interface BenefitGroup<B> {
  category: BenefitCategory;
  benefits: B[];
}

/** The benefits that apply, grouped by category in the schema's category order, highlighted first in each. */
export function eligibleBenefitsByCategory<B extends Pick<Benefit, 'eligibility' | 'highlight' | 'category'>>(
  benefits: readonly B[],
  ctx: EligibilityContext,
): BenefitGroup<B>[] {
  const applying = eligibleBenefits(benefits, ctx);
  return BENEFIT_CATEGORIES.map((category) => ({
    category,
    benefits: applying.filter((b) => b.category === category),
  })).filter((g) => g.benefits.length > 0);
}
