// Sigma correlation rules on Sequent's engine. temporal_ordered is an EQL sequence, one
// stage per referenced rule, joined on the group-by fields within maxspan = timespan.
// temporal (any order) has no single-sequence form, so it becomes one sequence per order of
// the rules (at most 3 rules, 6 orders), each a rule of its own; together they find every
// group whose rules all match within the timespan, whatever the order.
// event_count and value_count ride Elastic's threshold shape: an EQL event query (the OR of
// the referenced rules), grouped by the group-by fields, counted over `from: now-<timespan>`.
import type { RuleThreshold } from '../model.ts';
import { CannotRun, InvalidSigma } from './errors.ts';
import { eqlField } from './eql-text.ts';
import { or, print, type Expr } from './expr.ts';
import { mapField } from './fields.ts';
import type { Logsource } from './logsource.ts';

/** A referenced rule as a correlation sees it. */
export interface Referenced {
  id: string;
  name?: string;
  logsource: Logsource;
  event: Expr;
}

export interface CorrelationQuery {
  /** Title suffix telling orders apart (temporal); empty otherwise. */
  suffix: string;
  type: 'eql' | 'threshold';
  query: string;
  threshold?: RuleThreshold;
  from?: string;
}

const PATH = ['correlation'];
const MAX_TEMPORAL_RULES = 3;

function timespan(v: unknown): { eql: string; seconds: number } {
  const m = typeof v === 'string' ? /^(\d+)([smhdwMy])$/.exec(v.trim()) : null;
  if (!m)
    throw new InvalidSigma('correlation.timespan must look like 30s, 5m, 1h or 1d', [
      ...PATH,
      'timespan',
    ]);
  const unit = m[2];
  if (!'smhd'.includes(unit))
    throw new CannotRun(
      'correlation.timespan',
      `unit ${unit} is beyond EQL's maxspan units (s, m, h, d)`,
    );
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[unit as 's'];
  return { eql: `${m[1]}${unit}`, seconds };
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** A group-by field (or alias) as read from one referenced rule's events. */
function groupField(field: string, rule: Referenced, aliases: Record<string, unknown>): string {
  const alias = aliases[field];
  let source = field;
  if (alias && typeof alias === 'object') {
    const byRule = alias as Record<string, unknown>;
    const own = byRule[rule.name ?? ''] ?? byRule[rule.id];
    if (typeof own !== 'string')
      throw new InvalidSigma(`alias ${field} names no field for rule ${rule.name ?? rule.id}`, [
        ...PATH,
        'aliases',
        field,
      ]);
    source = own;
  }
  const target = mapField(source, rule.logsource);
  if (Array.isArray(target))
    throw new CannotRun('correlation.group-by', `${source} maps to several fields`);
  return target;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

export function correlationQueries(
  section: Record<string, unknown>,
  rules: Referenced[],
): CorrelationQuery[] {
  const type = section.type;
  const groupBy = list(section['group-by']);
  const aliases = (section.aliases ?? {}) as Record<string, unknown>;
  const span = timespan(section.timespan);
  const condition = (section.condition ?? undefined) as Record<string, unknown> | undefined;
  switch (type) {
    case 'temporal_ordered':
    case 'temporal': {
      if (
        condition &&
        Object.keys(condition).some((k) => k !== 'gte' || Number(condition[k]) !== rules.length)
      )
        throw new CannotRun(
          `correlation.${type}.condition`,
          'only "all referenced rules" is expressible as a sequence',
        );
      if (rules.length < 2)
        throw new CannotRun(
          `correlation.${type}`,
          'a sequence needs at least two referenced rules',
        );
      if (type === 'temporal' && rules.length > MAX_TEMPORAL_RULES)
        throw new CannotRun(
          'correlation.temporal',
          `${rules.length} rules in any order would need ${rules.length}! sequences (at most ${MAX_TEMPORAL_RULES} rules)`,
        );
      const orders = type === 'temporal_ordered' ? [rules] : permutations(rules);
      return orders.map((order) => ({
        suffix:
          type === 'temporal' ? ` (order: ${order.map((r) => r.name ?? r.id).join(' → ')})` : '',
        type: 'eql',
        query: sequence(order, groupBy, aliases, span.eql),
      }));
    }
    case 'event_count':
    case 'value_count': {
      const fields = groupBy.map((g) => sameField(g, rules, aliases));
      const query = `any where ${print(or(rules.map((r) => r.event)))}`;
      const { value, construct } = thresholdValue(condition, type);
      const threshold: RuleThreshold =
        type === 'event_count'
          ? { field: fields, value }
          : {
              field: fields,
              value: 1,
              cardinality: [
                {
                  field: sameField(String(condition?.field ?? ''), rules, aliases, construct),
                  value,
                },
              ],
            };
      return [{ suffix: '', type: 'threshold', query, threshold, from: `now-${span.eql}` }];
    }
    case 'value_sum':
    case 'value_avg':
    case 'value_percentile':
      throw new CannotRun(
        `correlation.${type}`,
        "Sequent's threshold counts events and distinct values, not sums, averages or percentiles",
      );
    default:
      throw new InvalidSigma(
        `correlation.type ${JSON.stringify(type)} is not a Sigma correlation type`,
        [...PATH, 'type'],
      );
  }
}

/** Threshold fields must read the same event field in every referenced rule. */
function sameField(
  g: string,
  rules: Referenced[],
  aliases: Record<string, unknown>,
  construct = 'correlation.group-by',
): string {
  if (!g) throw new InvalidSigma('value_count needs condition.field', [...PATH, 'condition']);
  const fields = new Set(rules.map((r) => groupField(g, r, aliases)));
  if (fields.size > 1)
    throw new CannotRun(
      construct,
      `${g} is read from different fields (${[...fields].join(', ')}); a threshold groups on one`,
    );
  return [...fields][0];
}

/** Elastic's threshold alerts at "at least N": gte N and gt N-1 fit; upper bounds do not. */
function thresholdValue(
  condition: Record<string, unknown> | undefined,
  type: string,
): { value: number; construct: string } {
  const construct = `correlation.${type}.condition`;
  if (!condition) throw new InvalidSigma(`${type} needs a condition`, [...PATH, 'condition']);
  const ops = Object.keys(condition).filter((k) => k !== 'field');
  if (ops.length !== 1)
    throw new CannotRun(
      construct,
      `a range (${ops.join(' and ')}) has no threshold form; only gte / gt`,
    );
  const op = ops[0];
  const n = Number(condition[op]);
  if (!Number.isInteger(n))
    throw new InvalidSigma(`condition.${op} must be an integer`, [...PATH, 'condition', op]);
  if (op === 'gte') return { value: n, construct };
  if (op === 'gt') return { value: n + 1, construct };
  throw new CannotRun(
    construct,
    `${op} ${n} has no threshold form (a threshold alerts at "at least N"); only gte / gt`,
  );
}

function sequence(
  order: Referenced[],
  groupBy: string[],
  aliases: Record<string, unknown>,
  maxspan: string,
): string {
  const perRule = order.map((r) => groupBy.map((g) => groupField(g, r, aliases)));
  const shared = perRule.every((keys) => keys.join() === perRule[0].join());
  const head =
    shared && groupBy.length
      ? `sequence by ${perRule[0].map((f) => eqlField(f)).join(', ')}`
      : 'sequence';
  const stages = order.map((r, i) => {
    const by =
      !shared && groupBy.length ? ` by ${perRule[i].map((f) => eqlField(f)).join(', ')}` : '';
    return `  [any where ${print(r.event)}]${by}`;
  });
  return `${head} with maxspan=${maxspan}\n${stages.join('\n')}`;
}
