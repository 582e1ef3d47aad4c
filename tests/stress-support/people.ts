// The staff the stress suites act as: Slack users and Teams members of several
// agencies (their email domain makes them members, docs/decisions/0006), one steward, and
// which plan items each agency may update (from the plan file itself).
import type { FakeUser } from '../fakes/slack-api.js';
import type { Member } from '../teams/support/fake-connector.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';

export const SIGNING_SECRET = 'stress-signing-secret-0123456789abcdef';
export const STEWARD_EMAIL = 'steward@tsoc.example.nz';

export const plan = readPlanFile();

/** Agencies whose staff take part, with their email domains. */
export const AGENCIES = ['police', 'customs', 'mbie', 'ird', 'moj', 'mot', 'corrections', 'health'] as const;
export type AgencyId = (typeof AGENCIES)[number];

function domainOf(agency: AgencyId): string {
  const domain = plan.agency(agency)?.domains[0];
  if (!domain) throw new Error(`the plan has no email domain for ${agency}`);
  return domain;
}

export interface Person {
  agency: AgencyId | 'steward';
  slack: FakeUser;
  teams: Member;
}

/** `perAgency` people in each agency, plus the steward (last). */
export function people(perAgency: number): Person[] {
  const out: Person[] = [];
  for (const agency of AGENCIES) {
    for (let i = 1; i <= perAgency; i++) {
      const tag = `${agency}${i}`.toUpperCase();
      const name = `Officer ${i} ${plan.agency(agency)!.shortName}`;
      const email = `officer.${i}@${domainOf(agency)}`;
      out.push({
        agency,
        slack: { id: `U0${tag}`, realName: name, email },
        teams: { id: `29:${tag.toLowerCase()}`, name, aadObjectId: `aad-${tag.toLowerCase()}`, email },
      });
    }
  }
  out.push({
    agency: 'steward',
    slack: { id: 'U0STEWARD', realName: 'Sam Steward', email: STEWARD_EMAIL },
    teams: { id: '29:steward', name: 'Sam Steward', aadObjectId: 'aad-steward', email: STEWARD_EMAIL },
  });
  return out;
}

/** Items (actions without parts, and parts) an agency coordinates, so its staff may update them. */
export function itemsOf(agency: AgencyId): string[] {
  return plan.items().filter((i) => i.coordinators.includes(agency)).map((i) => i.id);
}

/** Items an agency does not coordinate: its staff are refused. */
export function itemsNotOf(agency: AgencyId): string[] {
  return plan.items().filter((i) => !i.coordinators.includes(agency)).map((i) => i.id);
}

export const ALL_ITEMS = plan.items().map((i) => i.id);
