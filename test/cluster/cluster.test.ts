/**
 * The cluster topology itself (`npm run test:cluster` only): the case search attributes fit SQL
 * visibility on PostgreSQL, by the schema of the pinned server and on a running server.
 * (The API, fault and system tests run on this topology too: vitest.cluster.config.mts.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { SQL_VISIBILITY_LIMITS, searchAttributesOverLimits } from '../../platform/cluster/temporalServer';
import { searchAttributeRegistrations } from '../../platform/searchAttributes';
import { SystemProcesses } from '../../harness';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

describe('search attributes on SQL visibility (PostgreSQL)', () => {
  it("the limits we check against are the pre-allocated columns of the pinned server's schema", () => {
    const version = /^TEMPORAL_SERVER_VERSION=(\S+)/m.exec(
      fs.readFileSync(path.join(__dirname, '../../scripts/setup-cluster.sh'), 'utf8'),
    )![1];
    // go install left the module (schema files included) in Go's module cache
    const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const schema = fs.readFileSync(
      path.join(modcache, `go.temporal.io/server@v${version}`, 'schema/postgresql/v12/visibility/schema.sql'),
      'utf8',
    );
    const columns = (type: string) => new Set(schema.match(new RegExp(`^\\s+${type}\\d\\d\\s`, 'gm'))?.map((c) => c.trim())).size;
    expect(Object.fromEntries(Object.keys(SQL_VISIBILITY_LIMITS).map((t) => [t, columns(t)]))).toEqual(SQL_VISIBILITY_LIMITS);
  });

  it('the ten case attributes fit, per type', () => {
    expect(searchAttributesOverLimits()).toEqual([]);
    const used = (type: string) => searchAttributeRegistrations.filter((a) => a.type === type).length;
    expect({
      Keyword: used('Keyword'),
      Int: used('Int'),
      Datetime: used('Datetime'),
      Bool: used('Bool'),
      KeywordList: used('KeywordList'),
    }).toEqual({
      Keyword: 5,
      Int: 2,
      Datetime: 1,
      Bool: 1,
      KeywordList: 1,
    });
  });

  describe('on a running server', () => {
    let sys: SystemProcesses;
    beforeAll(async () => {
      sys = new SystemProcesses('sjukfall-cluster-', 'cluster');
      await sys.startTemporal();
    }, 180_000);
    afterAll(async () => {
      await sys?.stopAll();
    }, 60_000);

    it('has every case attribute registered with its type, and says it runs SQL visibility on PostgreSQL', async () => {
      const client = await sys.temporal();
      const listed = await client.connection.operatorService.listSearchAttributes({ namespace: sys.config.TEMPORAL_NAMESPACE });
      const typeName = (t: number) => IndexedValueType[t]!.replace('INDEXED_VALUE_TYPE_', '');
      for (const a of searchAttributeRegistrations) {
        expect(typeName(listed.customAttributes![a.name]!), a.name).toBe(a.type.toUpperCase().replace('KEYWORDLIST', 'KEYWORD_LIST'));
      }
      expect(listed.storageSchema).toBeDefined();
      const info = await client.connection.workflowService.describeNamespace({ namespace: sys.config.TEMPORAL_NAMESPACE });
      expect(info.config?.workflowExecutionRetentionTtl?.seconds?.toString()).toBe(String(30 * 24 * 3600));
      const system = await client.connection.workflowService.getSystemInfo({});
      expect(system.serverVersion).toBe(
        /^TEMPORAL_SERVER_VERSION=(\S+)/m.exec(fs.readFileSync(path.join(__dirname, '../../scripts/setup-cluster.sh'), 'utf8'))![1],
      );
    });
  });
});
