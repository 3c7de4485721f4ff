/**
 * Issue 26, item 3: the alert rules (deploy/prometheus/alerts.yml) are valid and do what they say,
 * by promtool (built by scripts/setup-prometheus.sh: `npm run test:cluster` only): each fires on the
 * series it is about and stays quiet on healthy ones (alerts.test.yml); each has a runbook entry in
 * docs/operations.md; the Prometheus configs of compose and of `npm run start:cluster` are valid.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { prometheusBinary, writePrometheusConfig } from '../../platform/cluster/prometheus';

const root = path.resolve(__dirname, '../..');
const promtool = (...args: string[]) => execFileSync(prometheusBinary('promtool'), args, { cwd: root, encoding: 'utf8' });
const rules = parse(fs.readFileSync(path.join(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
  groups: { rules: { alert: string; annotations: { runbook: string } }[] }[];
};
const alerts = rules.groups.flatMap((g) => g.rules);

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    expect(promtool('check', 'rules', 'deploy/prometheus/alerts.yml')).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('pass their unit tests (promtool test rules), which cover every alert', () => {
    expect(promtool('test', 'rules', 'deploy/prometheus/alerts.test.yml')).toContain('SUCCESS');
    const tests = fs.readFileSync(path.join(root, 'deploy/prometheus/alerts.test.yml'), 'utf8');
    for (const a of alerts) expect(tests, a.alert).toContain(`alertname: ${a.alert}\n`);
  });

  it('each has its runbook entry in docs/operations.md', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
    for (const a of alerts) {
      expect(doc, a.alert).toContain(`\n### ${a.alert}\n`);
      expect(a.annotations.runbook).toBe(`docs/operations.md#${a.alert.toLowerCase()}`);
    }
  });

  it('the Prometheus configs of compose and of npm run start:cluster are valid', () => {
    expect(promtool('check', 'config', '--syntax-only', 'deploy/prometheus/prometheus.yml')).toContain('SUCCESS');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-prometheus-'));
    try {
      const file = writePrometheusConfig(dir, {
        api: ['127.0.0.1:9464'],
        workers: ['127.0.0.1:9465', '127.0.0.1:9466'],
        temporal: ['127.0.0.1:7242'],
      });
      expect(promtool('check', 'config', file)).toContain('SUCCESS');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
