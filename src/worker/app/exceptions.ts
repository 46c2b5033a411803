// Rule exceptions as Elastic defines them: "don't alert when field F is V". An alert is
// hidden when any of its events has that value (case-sensitive, arrays: any element), so
// that one exception made from an alert also hides its twins.
import type { AlertDetail, RuleException } from '../app-api.ts';
import { readField, textOf } from './fields.ts';

export function valueMatches(actual: unknown, expected: string): boolean {
  if (Array.isArray(actual)) return actual.some((v) => valueMatches(v, expected));
  if (actual === undefined || actual === null) return false;
  return textOf(actual) === expected;
}

type Evidence = Pick<AlertDetail, 'ruleId' | 'steps'>;

export function exceptionMatches(exception: RuleException, alert: Evidence): boolean {
  if (exception.ruleId !== alert.ruleId) return false;
  return alert.steps.some(
    (s) => s.doc && valueMatches(readField(s.doc, exception.field), exception.value),
  );
}

/** The id of the first exception that hides the alert, or null. */
export function hiddenBy(exceptions: readonly RuleException[], alert: Evidence): string | null {
  for (const e of exceptions) if (exceptionMatches(e, alert)) return e.id;
  return null;
}
