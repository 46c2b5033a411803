// One Sigma detection rule → its parts before assembly: the logsource selection and the
// condition over its search identifiers. Kept apart so filters can AND into the condition
// and correlations can reuse it as a sequence stage or a threshold's event query.
import { parseCondition } from './condition.ts';
import { searchIdentifier } from './detection.ts';
import { CannotRun, InvalidSigma } from './errors.ts';
import { and, or, type Expr } from './expr.ts';
import type { LogsourceKey } from './fields.ts';
import { logsourceCondition, logsourceRouting, type Logsource } from './logsource.ts';

export interface ParsedDetection {
  logsource: Logsource;
  /** The events this rule looks at. */
  selection: Expr;
  /** The ECS event category the rule is written for (`process where`), or null for `any`. */
  category: string | null;
  condition: Expr;
}

export function readLogsource(v: unknown, path: string[] = ['logsource']): Logsource {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidSigma('logsource must be a map', path);
  const ls = v as Record<string, unknown>;
  const out: Logsource = {};
  for (const k of ['product', 'category', 'service'] as const) {
    const x = ls[k];
    if (x === undefined || x === null) continue;
    if (typeof x !== 'string')
      throw new InvalidSigma(`logsource.${k} must be a string`, [...path, k]);
    out[k] = x;
  }
  return out;
}

/** The search identifiers of a detection (or filter) section, converted, in order. */
export function searchIdentifiers(
  section: Record<string, unknown>,
  ls: LogsourceKey,
  path: string[],
  skip: string[],
): Map<string, Expr> {
  const ids = new Map<string, Expr>();
  for (const [name, value] of Object.entries(section)) {
    if (skip.includes(name)) continue;
    ids.set(name, searchIdentifier(value, ls, [...path, name]));
  }
  return ids;
}

/** The condition: a string, or a list of strings ORed (the specification allows both). */
export function conditionOf(v: unknown, ids: Map<string, Expr>, path: string[]): Expr {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((c) => typeof c !== 'string'))
    throw new InvalidSigma('condition must be a string or a list of strings', path);
  return or(list.map((c) => parseCondition(c as string, ids)));
}

export function parseDetectionRule(doc: Record<string, unknown>): ParsedDetection {
  const logsource = readLogsource(doc.logsource);
  const detection = doc.detection;
  if (typeof detection !== 'object' || detection === null || Array.isArray(detection))
    throw new InvalidSigma('detection must be a map', ['detection']);
  const section = detection as Record<string, unknown>;
  if (section.condition === undefined)
    throw new InvalidSigma('detection has no condition', ['detection']);
  if (section.timeframe !== undefined)
    throw new CannotRun(
      'detection.timeframe',
      'the obsolete timeframe/aggregation form; use a correlation rule',
    );
  const taxonomy = typeof doc.taxonomy === 'string' ? doc.taxonomy.toLowerCase() : 'sigma';
  const selection = logsourceCondition(logsource, taxonomy);
  const ids = searchIdentifiers(section, logsource, ['detection'], ['condition']);
  return {
    logsource,
    selection,
    category: logsourceRouting(logsource, taxonomy),
    condition: conditionOf(section.condition, ids, ['detection', 'condition']),
  };
}

/** The single-event query of a rule: its logsource and its condition. */
export const eventExpr = (d: ParsedDetection): Expr => and([d.selection, d.condition]);
