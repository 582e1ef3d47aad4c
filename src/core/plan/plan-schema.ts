// The plan's data model and its zod schemas. The data file under data/ is
// validated against these at load, so a transcription slip fails loudly.
import { z } from 'zod';

export const PRIORITY_AREAS = ['unify', 'prevent', 'detect', 'dismantle'] as const;
export const FOCUS_AREAS = ['international', 'border', 'national', 'community'] as const;
export type PriorityArea = (typeof PRIORITY_AREAS)[number];
export type FocusArea = (typeof FOCUS_AREAS)[number];

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case slug');
const sentence = z.string().min(1).refine((s) => s === s.trim() && !/\s{2,}|[<>]/.test(s), {
  message: 'trimmed text without double spaces or markup',
});

export const maoriNameSchema = z.object({
  name: sentence,
  /** Where the name was taken from, in words a reader can follow up. */
  source: z.string().min(1),
  /** false when the name could not be checked against the agency's own material. */
  checked: z.boolean(),
});

export const agencySchema = z.object({
  id: slug,
  name: sentence,
  shortName: sentence,
  aliases: z.array(z.string().min(1)),
  domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]+$/)),
  /** The agency's official te reo Māori name(s), each with where it comes from. */
  maoriNames: z.array(maoriNameSchema).default([]),
});

export const partSchema = z.object({
  letter: z.string().regex(/^[a-z]$/),
  /** A name the source gives the part (only action 1's parts have one). */
  title: sentence.optional(),
  text: sentence,
  coordinators: z.array(slug).min(1),
  /** Statements the source attributes to this part by name; otherwise they sit on the action. */
  success: z.array(sentence),
});

export const actionSchema = z.object({
  number: z.number().int().min(1).max(18),
  tier: z.enum(['first', 'second']),
  theme: sentence.optional(),
  text: sentence,
  /** Coordinators of an action without parts; empty when the action has parts. */
  coordinators: z.array(slug),
  success: z.array(sentence),
  parts: z.array(partSchema),
});

export const planSchema = z.object({
  title: sentence,
  version: z.string().min(1),
  agencies: z.array(agencySchema).min(1),
  actions: z.array(actionSchema).length(18),
}).superRefine((plan, ctx) => {
  // A Māori name names one agency: matching ignores case and macrons, so this check does too.
  const fold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const seen = new Map<string, string>();
  plan.agencies.forEach((agency, i) => agency.maoriNames.forEach((n, j) => {
    const other = seen.get(fold(n.name));
    if (other !== undefined && other !== agency.id) {
      ctx.addIssue({ code: 'custom', path: ['agencies', i, 'maoriNames', j, 'name'], message: `"${n.name}" is also the Māori name of ${other}` });
    }
    seen.set(fold(n.name), agency.id);
  }));
});

export type Agency = z.infer<typeof agencySchema>;
export type MaoriName = z.infer<typeof maoriNameSchema>;
export type Part = z.infer<typeof partSchema>;
export type Action = z.infer<typeof actionSchema>;
export type PlanData = z.infer<typeof planSchema>;
