// A correlation run builds each alert once: previews, checkpoints and the final correlation
// that find the same result reuse the alert built before, and give what a fresh build gives.
import { describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_RULE_ID } from '../../src/rules/index.ts';
import { CorrelationRun } from '../../src/worker/app/correlate.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import { builtinRunnable } from './helpers.ts';

const at = (s: number) => new Date(Date.UTC(2024, 4, 1) + s * 1000).toISOString();
/** An incoming WinRM connection to `host` (the rule's first stage) at second `s`. */
const connection = (host: number, s: number) => ({
  '@timestamp': at(s),
  event: { category: ['network'], type: ['start'], kind: 'event' },
  host: { id: `h-${host}`, name: `host${host}` },
  process: { pid: 4, name: 'System' },
  network: { direction: 'ingress', protocol: 'http', transport: 'tcp' },
  source: { ip: '10.0.0.9', port: 50000 },
  destination: { ip: '10.0.0.1', port: 5985 },
});
/** A shell started by WinRM's host process on `host` (the second stage) at second `s`. */
const shell = (host: number, s: number) => ({
  '@timestamp': at(s),
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { id: `h-${host}`, name: `host${host}` },
  process: { pid: 7000, name: 'cmd.exe', parent: { name: 'winrshost.exe' } },
});

const first = [connection(1, 1), shell(1, 2), connection(2, 3)];
const second = [shell(2, 4), connection(3, 5), shell(3, 6)];

function feeder(run: CorrelationRun) {
  let record = 0;
  return (docs: object[]) => {
    run.addEvents({
      file: 0,
      firstRecord: record,
      docs: docs as never,
      lines: docs.map((_, i) => record + i + 1),
      raws: docs.map((d) => d),
    });
    record += docs.length;
  };
}

describe('alerts built once per correlation run', () => {
  const rules = builtinRunnable().filter((r) => r.id === WINRM_ELASTIC_RULE_ID);
  const language = eqlLanguage();
  const name = (f: number) => `file ${f}.ndjson`;

  it('reuses a preview’s alerts in the final correlation, equal to a fresh build', () => {
    expect(rules).toHaveLength(1);
    const run = new CorrelationRun(rules);
    const add = feeder(run);
    add(first);
    const early = run.provisional('s', name, language)![0];
    expect(early.map((a) => a.host)).toEqual(['host1']);
    add(second);
    const final = run.finish('s', name, language).alerts[0];
    expect(final.map((a) => a.host)).toEqual(['host1', 'host2', 'host3']);
    expect(final[0]).toBe(early[0]);

    // The same events through a run that never previewed: the same alerts, field for field.
    const fresh = new CorrelationRun(rules);
    const again = feeder(fresh);
    again(first);
    again(second);
    expect(structuredClone(final)).toEqual(
      structuredClone(fresh.finish('s', name, language).alerts[0]),
    );
  });

  it('builds afresh for another session', () => {
    const run = new CorrelationRun(rules);
    const add = feeder(run);
    add(first);
    const mine = run.provisional('s', name, language)![0];
    const theirs = run.provisional('other', name, language)![0];
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).not.toBe(mine[0]);
    expect(theirs[0].sessionId).toBe('other');
    expect(theirs[0].id).not.toBe(mine[0].id);
  });
});
