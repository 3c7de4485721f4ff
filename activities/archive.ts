/**
 * The archive write at close (docs/records.md): the case workflow's last activity. It reads the
 * case's own history from Temporal (the worker's client), renders it as typed entries, and writes the whole
 * record, sealed, beside the read model (readModel/archive.ts). Idempotent: a retry after a worker
 * died between the write and the report finds the record written and leaves it as it is.
 */
import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import type { CaseView } from '../domain/caseMachine';
import type { TimelineEvent } from '../domain/vocabulary';
import type { PayloadKey } from '../platform/codec';
import { writeArchive } from '../readModel/archive';
import type { ReadModelDb } from '../readModel/connect';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { HistoryEntry } from '../contract/caseRecord';
import { caseWorkflowId } from '../platform/temporalNames';

/** Protobuf's JSON form: 64-bit numbers as strings, enums by name, bytes (the encrypted payloads) as base64. */
const EXPORT_FORM = { longs: String, enums: String, bytes: String } as const;

export interface ArchiveInput {
  caseId: string;
  personKey: string;
  closedOn: string;
  view: CaseView;
  timeline: TimelineEvent[];
}

/** Decodes stored payloads (encrypted by the codec) into values. */
export type DecodePayloads = (payloads: Payload[] | null | undefined) => Promise<unknown[]>;

/** The client's own decoding (its codec, then its payload converter). */
export function payloadDecoder(client: Client): DecodePayloads {
  return async (payloads) => {
    const dc = client.options.loadedDataConverter;
    let ps = payloads ?? [];
    for (const codec of [...dc.payloadCodecs].reverse()) ps = await codec.decode(ps);
    return ps.map((p) => dc.payloadConverter.fromPayload(p));
  };
}

export interface ArchiveDeps {
  db: ReadModelDb;
  /**
   * Renders the history as GET /cases/{id}/history does (workflows/historyEntries.ts, handed in by the
   * worker that composes both): the record keeps exactly what that route shows.
   */
  renderHistory: (events: readonly temporal.api.history.v1.IHistoryEvent[], decode: DecodePayloads) => Promise<HistoryEntry[]>;
  /** the payload keys: the record is sealed with the newest */
  keys: readonly PayloadKey[];
  /** TESTS ONLY (FAULT_INJECTION): called right after the write, before the activity reports */
  afterWrite?: () => void;
}

export function createArchiveActivities(deps: ArchiveDeps) {
  return {
    async archiveCase(input: ArchiveInput): Promise<{ written: boolean; historyEvents: number }> {
      const ctx = Context.current();
      const { client, info } = ctx;
      ctx.heartbeat();
      const history = await client.workflow.getHandle(caseWorkflowId(input.caseId), info.workflowExecution?.runId).fetchHistory();
      const events = history.events ?? [];
      ctx.heartbeat();
      const written = await writeArchive(deps.db, deps.keys, {
        caseId: input.caseId,
        personKey: input.personKey,
        closedOn: input.closedOn,
        record: {
          caseId: input.caseId,
          closedOn: input.closedOn,
          view: input.view,
          timeline: input.timeline,
          historyEntries: await deps.renderHistory(events, payloadDecoder(client)),
          historyExport: temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), EXPORT_FORM),
        },
      });
      deps.afterWrite?.();
      return { written, historyEvents: events.length };
    },
  };
}

export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
