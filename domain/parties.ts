/**
 * Who is a party to a case (docs/api.md, "Parties"). FK staff act on every case (their roles decide what
 * they may send). Agencies act only on cases that concern them:
 *  - an employer: the case's employer (organisation number in the token's `org`);
 *  - a region: the case's healthcare region (region code in the token's `region`), and only once FK
 *    has asked the region something on the case. The one exception is the region's notification of a
 *    rehabilitation need, which arrives without a request (docs/rules.md, "Inbound notification");
 *  - Arbetsförmedlingen: only once FK has asked AF something on the case;
 *  - the insured: only their own cases (the person key of the token's personnummer is the case's).
 */
import type { Actor, Agency } from './vocabulary';

/** What of a case decides who its parties are. */
export interface PartyFacts {
  personKey?: string;
  employer?: { orgNr: string };
  /** the healthcare region's county code, given when the case is opened */
  region?: string;
  timeline: readonly { type: string; agency?: unknown }[];
}

/** Commands an agency may send without having been asked anything. */
const UNASKED_COMMANDS: readonly string[] = ['notify-rehab-need'];

const asked = (s: PartyFacts, agency: Agency): boolean => s.timeline.some((e) => e.type === 'agency.requested' && e.agency === agency);

export function isParty(s: PartyFacts, actor: Actor, command: string): boolean {
  switch (actor.role) {
    case 'employer':
      return s.employer !== undefined && actor.org === s.employer.orgNr;
    case 'region':
      // The API issues no region token without a region code, so a case that names no region has no
      // region party (in-process actors that name none match such a case: unit tests, old histories).
      return actor.region === s.region && (UNASKED_COMMANDS.includes(command) || asked(s, 'region'));
    case 'af':
      return asked(s, 'af');
    case 'insured':
      return actor.personKey !== undefined && actor.personKey === s.personKey;
    default:
      return true;
  }
}
