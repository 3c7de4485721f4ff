import { describe, expect, it } from 'vitest';
import { BLOCK, systemPortBase } from '../../harness/portBlocks';
import { allServerPorts } from '../../platform/cluster/temporalServer';

/** every port a system at `base` listens on: its block, and the cluster server's (membership ports included) */
const portsOf = (base: number): Set<number> => new Set([...Array.from({ length: BLOCK }, (_, i) => base + i), ...allServerPorts(base + 2)]);

describe('port blocks for test systems', () => {
  it('no two systems of one run share a port: three workers, twelve systems each, all up at once', () => {
    const owner = new Map<number, number>();
    for (const worker of [1, 2, 3]) {
      for (let i = 0; i < 12; i++) {
        const base = systemPortBase(worker);
        for (const port of portsOf(base)) {
          expect(owner.get(port), `port ${port} of the system at ${base} is another system's`).toBeUndefined();
          owner.set(port, base);
        }
      }
    }
  });

  it('stays between the privileged ports and the ephemeral range, and fits the cluster server', () => {
    for (const worker of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      for (let i = 0; i < 50; i++) {
        const ports = [...portsOf(systemPortBase(worker))];
        expect(Math.min(...ports)).toBeGreaterThan(1024);
        expect(Math.max(...ports)).toBeLessThan(32768);
      }
    }
  });
});
