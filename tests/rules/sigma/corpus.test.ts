// SigmaHQ's whole Windows rule set: every rule converts or says precisely why not, and the
// share Sequent cannot run stays under 3%. The counts are pinned so a change in either
// direction is seen; the two refusals are a regex word boundary, which Lucene lacks.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/eql/index.ts';
import { convertSigma, type SigmaOutcome } from '../../../src/rules/sigma/index.ts';
import { haveShared } from '../../ingest/helpers.ts';
import { SIGMA_WINDOWS, windowsRules } from './shared.ts';

describe.runIf(haveShared(SIGMA_WINDOWS))('SigmaHQ rules/windows', () => {
  const files = windowsRules();
  const outcomes = convertSigma(files.map(({ name, text }) => ({ name, text })));
  const by = (status: SigmaOutcome['status']) => outcomes.filter((o) => o.status === status);

  it('reads one outcome per rule document', () => {
    expect(files).toHaveLength(2407);
    expect(outcomes).toHaveLength(2407);
  });

  it('converts all but two, none invalid', () => {
    expect(by('invalid')).toEqual([]);
    expect(by('converted')).toHaveLength(2405);
    expect(by('cannot-run').length / outcomes.length).toBeLessThan(0.03);
  });

  it('names the construct and position of each rule it cannot run', () => {
    const refused = by('cannot-run').map(
      (o) => o.status === 'cannot-run' && [o.file, o.construct, o.reason],
    );
    expect(refused).toEqual([
      [
        'process_creation/proc_creation_win_susp_obfuscated_ip_download.yml',
        're',
        expect.stringContaining('the escape \\b at position 54'),
      ],
      [
        'process_creation/proc_creation_win_susp_obfuscated_ip_via_cli.yml',
        're',
        expect.stringContaining('the escape \\b at position 54'),
      ],
    ]);
  });

  it('keeps each rule runnable, credited and traceable to its YAML', () => {
    for (const o of by('converted')) {
      if (o.status !== 'converted') continue;
      expect(o.rule.type).toBe('eql');
      expect(() => compile(o.rule.query!)).not.toThrow();
      expect(o.rule.sigma?.yaml).toContain(o.rule.id);
      expect(o.rule.tags).toContain('Sigma');
    }
    const withAuthor = by('converted').filter(
      (o) => o.status === 'converted' && o.rule.author.length > 0,
    );
    expect(withAuthor.length).toBe(2405);
  });
});
