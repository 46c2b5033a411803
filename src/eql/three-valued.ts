// EQL's three-valued `not`, `and` and `or` over compiled conditions: true, false or null
// (a missing field), short-circuiting as soon as the answer is known. One definition for the
// compiler and for the rule-set plan, which composes conditions of its own.
import type { Doc } from './compiled.ts';

type Evaluator = (doc: Doc) => unknown;

export function notOf(f: Evaluator): Evaluator {
  return (doc) => {
    const v = f(doc);
    return v === true ? false : v === false ? true : null;
  };
}

export function andOf(l: Evaluator, r: Evaluator): Evaluator {
  return (doc) => {
    const a = l(doc);
    if (a === false) return false;
    const b = r(doc);
    if (b === false) return false;
    return a === true && b === true ? true : null;
  };
}

export function orOf(l: Evaluator, r: Evaluator): Evaluator {
  return (doc) => {
    const a = l(doc);
    if (a === true) return true;
    const b = r(doc);
    if (b === true) return true;
    return a === false && b === false ? false : null;
  };
}
