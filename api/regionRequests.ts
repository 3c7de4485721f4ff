/**
 * A case opened before the county named its region (docs/rules.md §4) has nobody to ask for an AFU
 * or a completion: those commands are refused (409 NO_REGION) and not offered.
 */
import type { CommandName } from '../domain/commands';

/** Commands that send a request to the case's region. */
export const ASKS_THE_REGION: readonly CommandName[] = ['order-afu', 'request-certificate-completion'];

/** What the case offers, without the region's requests when it has no region. */
export const offerableWithRegion = <V extends { region?: string; availableCommands: CommandName[] }>(view: V): V =>
  view.region ? view : { ...view, availableCommands: view.availableCommands.filter((c) => !ASKS_THE_REGION.includes(c)) };
