// A Sigma collection (files of rules, correlations and filters) → Sequent rules and a report.
// Rules convert first; filters then AND into the rules they name; correlations last, since
// they reuse the (filtered) conditions of the rules they reference, across files.
import { compile } from '../../eql/index.ts';
import type { Rule } from '../model.ts';
import { correlationQueries, type Referenced } from './correlation.ts';
import { readDocuments, type SigmaDocument } from './documents.ts';
import { CannotRun, InvalidSigma } from './errors.ts';
import { and, print } from './expr.ts';
import { ruleMetadata } from './metadata.ts';
import {
  conditionOf,
  eventExpr,
  parseDetectionRule,
  readLogsource,
  searchIdentifiers,
  type ParsedDetection,
} from './rule.ts';

export type SigmaOutcome =
  | { status: 'converted'; file: string; line: number; rule: Rule }
  | {
      status: 'cannot-run';
      file: string;
      line: number;
      name: string;
      construct: string;
      reason: string;
      rule: Rule;
    }
  | {
      status: 'invalid';
      file: string;
      line: number;
      column?: number;
      name?: string;
      message: string;
    }
  /** deprecated / unsupported in its own status field: converted but not enabled. */
  | { status: 'inactive'; file: string; line: number; sigmaStatus: string; rule: Rule }
  | { status: 'filter'; file: string; line: number; name: string; appliedTo: string[] };

export interface SigmaFile {
  name: string;
  text: string;
}

interface PendingRule {
  doc: SigmaDocument;
  data: Record<string, unknown>;
  parsed: ParsedDetection;
  filters: string[];
  referenced: boolean;
}

const title = (data: Record<string, unknown> | null): string | undefined =>
  typeof data?.title === 'string' ? data.title : undefined;

/** Whether a text looks like a Sigma document (for import's format detection). */
export function looksLikeSigma(text: string): boolean {
  return (
    /^(title|detection|logsource|correlation|filter)\s*:/m.test(text) &&
    /^(detection|correlation|filter)\s*:/m.test(text)
  );
}

export function convertSigma(
  files: SigmaFile[],
  origin: Rule['origin'] = 'imported',
): SigmaOutcome[] {
  const outcomes: { order: number; outcome: SigmaOutcome }[] = [];
  const emit = (order: number, outcome: SigmaOutcome): void =>
    void outcomes.push({ order, outcome });
  const rules: PendingRule[] = [];
  const correlations: { doc: SigmaDocument; data: Record<string, unknown>; order: number }[] = [];
  const filters: { doc: SigmaDocument; data: Record<string, unknown>; order: number }[] = [];
  const order = new Map<SigmaDocument, number>();
  let n = 0;

  const fail = (doc: SigmaDocument, e: unknown): SigmaOutcome => {
    if (e instanceof CannotRun)
      return {
        status: 'cannot-run',
        file: doc.file,
        line: doc.line,
        name: title(doc.data) ?? '(untitled)',
        construct: e.construct,
        reason: e.message,
        // Kept so the rule can still be read (and its authors credited) where it is listed.
        rule: {
          ...ruleMetadata(doc.data ?? {}, fallbackId(doc)),
          type: 'sigma',
          origin,
          enabled: false,
          sourceFile: doc.file,
          sigma: {
            yaml: doc.text,
            kind: doc.data?.correlation ? 'correlation' : 'rule',
            ...statusLevel(doc.data ?? {}),
          },
        },
      };
    if (e instanceof InvalidSigma)
      return {
        status: 'invalid',
        file: doc.file,
        line: doc.lineOf(e.path),
        name: title(doc.data),
        message: e.message,
      };
    throw e;
  };

  for (const file of files) {
    for (const doc of readDocuments(file.name, file.text)) {
      const at = n++;
      order.set(doc, at);
      const data = doc.data;
      if (doc.error || !data) {
        const err = doc.error;
        emit(at, {
          status: 'invalid',
          file: doc.file,
          line: err?.line ?? doc.line,
          ...(err ? { column: err.column } : {}),
          message: err ? `YAML: ${err.message}` : 'not a YAML map',
        });
        continue;
      }
      try {
        if (typeof data.title !== 'string' || !data.title.trim())
          throw new InvalidSigma('title is missing', []);
        if (data.action !== undefined)
          throw new CannotRun(
            'action',
            'legacy multi-document collections (action: global/repeat/reset)',
          );
        if (data.correlation !== undefined) correlations.push({ doc, data, order: at });
        else if (data.filter !== undefined) filters.push({ doc, data, order: at });
        else if (data.detection !== undefined)
          rules.push({
            doc,
            data,
            parsed: parseDetectionRule(data),
            filters: [],
            referenced: false,
          });
        else
          throw new InvalidSigma(
            'not a Sigma rule, correlation or filter (no detection, correlation or filter section)',
            [],
          );
      } catch (e) {
        emit(at, fail(doc, e));
      }
    }
  }

  const byRef = new Map<string, PendingRule>();
  for (const r of rules) {
    if (typeof r.data.id === 'string') byRef.set(r.data.id, r);
    if (typeof r.data.name === 'string') byRef.set(r.data.name, r);
  }

  for (const f of filters) {
    try {
      const applied = applyFilter(f.data, rules, byRef);
      emit(f.order, {
        status: 'filter',
        file: f.doc.file,
        line: f.doc.line,
        name: String(f.data.title),
        appliedTo: applied,
      });
    } catch (e) {
      emit(f.order, fail(f.doc, e));
    }
  }

  const correlationRules: { order: number; outcome: SigmaOutcome }[] = [];
  for (const c of correlations) {
    try {
      const section = c.data.correlation as Record<string, unknown>;
      if (typeof section !== 'object' || section === null)
        throw new InvalidSigma('correlation must be a map', ['correlation']);
      const refs = (Array.isArray(section.rules) ? section.rules : [section.rules]).map(String);
      const referenced: Referenced[] = refs.map((ref) => {
        const r = byRef.get(ref);
        if (!r) {
          const chained = correlations.some((o) => o.data.id === ref || o.data.name === ref);
          if (chained)
            throw new CannotRun(
              'correlation.rules',
              `${ref} is a correlation; chained correlations are not supported`,
            );
          throw new CannotRun('correlation.rules', `${ref} is not among the imported rules`);
        }
        if (section.generate !== true) r.referenced = true;
        return {
          id: String(r.data.id ?? ref),
          ...(typeof r.data.name === 'string' ? { name: r.data.name } : {}),
          logsource: r.parsed.logsource,
          event: eventExpr(r.parsed),
        };
      });
      const meta = ruleMetadata(c.data, fallbackId(c.doc));
      for (const q of correlationQueries(section, referenced)) {
        checkQuery(q.query);
        const rule: Rule = {
          ...meta,
          id: q.suffix ? `${meta.id}:${correlationRules.length}` : meta.id,
          name: meta.name + q.suffix,
          type: q.type,
          language: 'eql',
          query: q.query,
          ...(q.threshold ? { threshold: q.threshold } : {}),
          ...(q.from ? { from: q.from } : {}),
          origin,
          enabled: true,
          sourceFile: c.doc.file,
          sigma: { yaml: c.doc.text, kind: String(section.type), ...statusLevel(c.data) },
        };
        correlationRules.push({ order: c.order, outcome: wrap(c.doc, c.data, rule) });
      }
    } catch (e) {
      correlationRules.push({ order: c.order, outcome: fail(c.doc, e) });
    }
  }

  for (const r of rules) {
    const at = order.get(r.doc) ?? 0;
    try {
      const category = r.parsed.category ?? 'any';
      const query = `${category} where ${print(and([r.parsed.selection, r.parsed.condition]))}`;
      checkQuery(query);
      const rule: Rule = {
        ...ruleMetadata(r.data, fallbackId(r.doc)),
        type: 'eql',
        language: 'eql',
        query,
        origin,
        // A rule referenced by a correlation runs as part of it only, unless `generate: true`.
        enabled: !r.referenced,
        sourceFile: r.doc.file,
        sigma: {
          yaml: r.doc.text,
          kind: 'rule',
          ...statusLevel(r.data),
          logsource: r.parsed.logsource as Record<string, string>,
          ...(r.filters.length ? { filters: r.filters } : {}),
        },
      };
      emit(at, wrap(r.doc, r.data, rule));
    } catch (e) {
      emit(at, fail(r.doc, e));
    }
  }
  outcomes.push(...correlationRules);
  return outcomes.sort((a, b) => a.order - b.order).map((o) => o.outcome);
}

function statusLevel(data: Record<string, unknown>): { status?: string; level?: string } {
  return {
    ...(typeof data.status === 'string' ? { status: data.status } : {}),
    ...(typeof data.level === 'string' ? { level: data.level } : {}),
  };
}

function wrap(doc: SigmaDocument, data: Record<string, unknown>, rule: Rule): SigmaOutcome {
  const status = typeof data.status === 'string' ? data.status : '';
  if (status === 'deprecated' || status === 'unsupported')
    return {
      status: 'inactive',
      file: doc.file,
      line: doc.line,
      sigmaStatus: status,
      rule: { ...rule, enabled: false },
    };
  return { status: 'converted', file: doc.file, line: doc.line, rule };
}

function fallbackId(doc: SigmaDocument): string {
  const base = doc.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  return `sigma:${base}:${doc.line}`;
}

/** Every converted query must compile; a failure is a converter gap, reported per rule. */
function checkQuery(query: string): void {
  try {
    compile(query);
  } catch (e) {
    throw new CannotRun('eql', `the converted query does not compile: ${(e as Error).message}`);
  }
}

/**
 * A Sigma filter: its condition is ANDed to each rule it names whose logsource it shares, as
 * pySigma applies filters (so a filter written `condition: not selection` excludes).
 */
function applyFilter(
  data: Record<string, unknown>,
  rules: PendingRule[],
  byRef: Map<string, PendingRule>,
): string[] {
  const section = data.filter;
  if (typeof section !== 'object' || section === null || Array.isArray(section))
    throw new InvalidSigma('filter must be a map', ['filter']);
  const f = section as Record<string, unknown>;
  if (f.condition === undefined) throw new InvalidSigma('filter has no condition', ['filter']);
  const logsource = readLogsource(data.logsource);
  const targets =
    typeof f.rules === 'string' && f.rules.toLowerCase() === 'any'
      ? rules
      : (Array.isArray(f.rules) ? f.rules : [f.rules])
          .map((ref) => byRef.get(String(ref)))
          .filter((r): r is PendingRule => r !== undefined);
  const applied: string[] = [];
  for (const r of targets) {
    const shares = (['product', 'category', 'service'] as const).every(
      (k) => logsource[k] === undefined || logsource[k] === r.parsed.logsource[k],
    );
    if (!shares) continue;
    const ids = searchIdentifiers(f, r.parsed.logsource, ['filter'], ['rules', 'condition']);
    r.parsed = {
      ...r.parsed,
      condition: and([r.parsed.condition, conditionOf(f.condition, ids, ['filter', 'condition'])]),
    };
    r.filters.push(String(data.title));
    applied.push(String(r.data.id ?? r.data.title));
  }
  return applied;
}
