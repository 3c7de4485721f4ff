/**
 * Update idempotency across continue-as-new (docs/rules.md, "Commands applied once").
 *
 * Temporal deduplicates an update by its ID only within one run. A case carries the IDs of the
 * updates it applied recently into its next run, so a client that retries a command (same update
 * ID) after a continue-as-new gets the case back instead of the command applied a second time.
 * Bounded: a retry comes within minutes, long before this many other commands.
 */
export const RECENT_UPDATE_IDS_KEPT = 200;

/** The list with `id` added last, the oldest dropped beyond the bound. */
export function rememberUpdate(ids: readonly string[], id: string, keep = RECENT_UPDATE_IDS_KEPT): string[] {
  return [...ids.filter((x) => x !== id), id].slice(-keep);
}
