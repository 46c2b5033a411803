// Compressed data that is corrupt or cut short: the records before the damage are read, and
// the damage is one error naming the file, the line and how far reading got — never a throw.
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingestBytes } from './helpers.ts';

const lines = (n: number, channel: string) =>
  new TextEncoder().encode(
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ EventID: 4624, Channel: channel, Computer: `HOST${i}` }),
    ).join('\n') + '\n',
  );

describe('broken gzip and zip', () => {
  it('a gzip cut short keeps the records before the cut and says where it broke', async () => {
    const gz = gzipSync(lines(2000, 'Security'));
    const { diag, events } = await ingestBytes('cut.json.gz', gz.subarray(0, gz.length >> 1));
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(2000);
    const last = diag.errors.at(-1)!;
    expect(last.file).toBe('cut.json.gz');
    expect(last.message).toMatch(/^the gzip data is corrupt or cut short \(.+\) after \d+ bytes$/);
    expect(last.line).toBeGreaterThanOrEqual(events.length);
  });

  it('a corrupted gzip is one error, not an exception', async () => {
    const gz = gzipSync(lines(50, 'Security'));
    gz[20] ^= 0xff;
    gz[21] ^= 0xff;
    const { diag } = await ingestBytes('bad.json.gz', gz);
    expect(diag.errors.some((e) => /gzip data is corrupt/.test(e.message))).toBe(true);
  });

  it('a zip whose second member is damaged keeps the first member whole', async () => {
    const first = lines(300, 'Security');
    const zip = zipSync({ 'a.json': first, 'b.json': lines(300, 'System') }, { level: 0 });
    // Stored (level 0): the second member's bytes start right after the first's; cut inside it.
    const cut = zip.subarray(0, 30 + 'a.json'.length + first.length + 30 + 6 + 500);
    const { diag, events } = await ingestBytes('case.zip', cut);
    expect(
      events.filter(
        (e) =>
          e.doc['winlog'] &&
          (e.doc as { winlog: { channel: string } }).winlog.channel === 'Security',
      ),
    ).toHaveLength(300);
    const err = diag.errors.at(-1)!;
    expect(err.file).toBe('case.zip!b.json');
    expect(err.message).toMatch(/zip data is corrupt or cut short/);
  });
});
