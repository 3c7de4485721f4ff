/**
 * How the agency stubs behave: latency, outage (`down`), transient failures, AF meeting slots and
 * callbacks. Changed at run time by tests and scenarios (`PUT /_admin/behaviour` or `app.stubs`).
 */
import { z } from 'zod';

export interface StubBehaviour {
  /** Inclusive [min, max] latency in milliseconds before a request is answered. */
  latencyMs: [number, number];
  /** Probability 0..1 that an attempt fails with 503 (and is not performed). */
  failureRate: number;
  /** Every attempt fails with 503 UNAVAILABLE. */
  down: boolean;
  /** AF meetings are booked this many calendar days after `requestedOn`. */
  slotAfterDays: number;
  /** Answer some requests later by calling our API (needs `apiUrl` and `tokenFor`). */
  callbacks: boolean;
  /** Delay before such a callback is sent. */
  callbackDelayMs: number;
}

export const DEFAULT_BEHAVIOUR: Readonly<StubBehaviour> = Object.freeze({
  latencyMs: [5, 40] as [number, number],
  failureRate: 0,
  down: false,
  slotAfterDays: 7,
  callbacks: false,
  callbackDelayMs: 200,
});

/** A partial StubBehaviour, as accepted by `PUT /_admin/behaviour`. Unknown fields are rejected. */
export const stubBehaviourPatchSchema = z
  .strictObject({
    latencyMs: z
      .tuple([z.number().int().min(0).max(60_000), z.number().int().min(0).max(60_000)])
      .refine(([min, max]) => min <= max, { message: 'latencyMs must be [min, max] with min <= max' }),
    failureRate: z.number().min(0).max(1),
    down: z.boolean(),
    slotAfterDays: z.number().int().min(0).max(3650),
    callbacks: z.boolean(),
    callbackDelayMs: z.number().int().min(0).max(600_000),
  })
  .partial();

/** The current behaviour, changed only through validated patches. */
export class BehaviourHolder {
  private current: StubBehaviour;
  /** what the stubs started with (stubs/main.ts turns callbacks on): what a reset returns to */
  private readonly initial: StubBehaviour;

  constructor(
    initial: Partial<StubBehaviour>,
    private readonly random: () => number,
  ) {
    this.initial = { ...DEFAULT_BEHAVIOUR, ...stubBehaviourPatchSchema.parse(initial) } as StubBehaviour;
    this.current = { ...this.initial, latencyMs: [...this.initial.latencyMs] };
  }

  /** a copy */
  get(): StubBehaviour {
    return { ...this.current, latencyMs: [...this.current.latencyMs] };
  }

  /** Merge a partial behaviour (throws on invalid input) and return the result. */
  patch(patch: Partial<StubBehaviour>): StubBehaviour {
    this.current = { ...this.current, ...stubBehaviourPatchSchema.parse(patch) } as StubBehaviour;
    return this.get();
  }

  /** back to the behaviour the stubs started with */
  reset(): void {
    this.current = { ...this.initial, latencyMs: [...this.initial.latencyMs] };
  }

  /** This attempt's latency in ms, drawn from latencyMs. */
  latency(): number {
    const [min, max] = this.current.latencyMs;
    if (max <= min) return min;
    return Math.min(max, min + Math.floor(this.random() * (max - min + 1)));
  }

  /** Why this attempt fails (503), if it does: the agency is down, or a transient failure was drawn. */
  fault(): 'unavailable' | 'failed' | undefined {
    if (this.current.down) return 'unavailable';
    if (this.current.failureRate > 0 && this.random() < this.current.failureRate) return 'failed';
    return undefined;
  }
}
