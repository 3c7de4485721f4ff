/**
 * The cluster topology's Prometheus (`npm run start:cluster`): built by scripts/setup-prometheus.sh,
 * its data in DATA_DIR/prometheus, scraping the API, the workers and the Temporal server every 5 s,
 * with the alert rules of deploy/prometheus/alerts.yml (docs/operations.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../config';

export const prometheusBinary = (name: 'prometheus' | 'promtool'): string => {
  const p = path.join(projectRoot, '.tools', 'prometheus', name);
  if (!fs.existsSync(p)) throw new Error(`${p} not found: run "bash scripts/setup-prometheus.sh" (builds it with Go)`);
  return p;
};

export interface ScrapeTargets {
  api: string[];
  workers: string[];
  temporal: string[];
}

/** The config file (written into `dir`); the same jobs as deploy/prometheus/prometheus.yml for compose. */
export function writePrometheusConfig(dir: string, targets: ScrapeTargets): string {
  fs.mkdirSync(dir, { recursive: true });
  const job = (job_name: string, hosts: string[]) => ({ job_name, static_configs: [{ targets: hosts }] });
  const config = {
    global: { scrape_interval: '5s', evaluation_interval: '5s' },
    rule_files: [path.join(projectRoot, 'deploy', 'prometheus', 'alerts.yml')],
    scrape_configs: [job('sjukfall-api', targets.api), job('sjukfall-worker', targets.workers), job('temporal', targets.temporal)],
  };
  const file = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(file, stringify(config));
  return file;
}

export const prometheusArgs = (configFile: string, dataDir: string, port: number): string[] => [
  `--config.file=${configFile}`,
  `--storage.tsdb.path=${dataDir}`,
  `--web.listen-address=127.0.0.1:${port}`,
  '--storage.tsdb.retention.time=7d',
  '--log.format=json',
  '--log.level=warn',
];
