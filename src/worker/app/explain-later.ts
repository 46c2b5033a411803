// An alert's explanation (why each step's event satisfied its stage) is built when the alert is
// opened, not for every alert while a scan runs: with Elastic's 391 Windows rules over 100k
// events that was ~0.45 s of the scanning worker, for alerts few of which are ever opened. Such
// an alert keeps how its query was compiled (`compiledWith`); here the query is compiled again
// and each step's stored event explained, as evidence.ts would have done during the scan, and
// the result kept for the next opening.
import type { AlertBody, CompiledWith, ExplanationNode } from '../../case/index.ts';
import type { CompiledQuery, Doc } from '../../eql/compiled.ts';
import { safeExplain } from './evidence.ts';
import { eqlLanguage } from './language.ts';
import type { Language } from './model.ts';

/** Compiled queries kept: an analyst opens alerts of a few rules in turn. */
const QUERIES_KEPT = 64;
/** Explained alerts kept (a step's tree is a few hundred bytes to a few KB). */
const ALERTS_KEPT = 256;

type Compiled = { language: Language; query: CompiledQuery } | null;

/** A Map used as a small least-recently-used cache. */
function recall<T>(map: Map<string, T>, key: string): T | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

function keep<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

export class Explainer {
  readonly #queries = new Map<string, Compiled>();
  readonly #alerts = new Map<string, (ExplanationNode | null)[]>();
  #built = 0;

  constructor(private readonly languageOf: (options: CompiledWith) => Language = eqlLanguage) {}

  /** Alerts explained here so far (not taken from the cache). */
  get built(): number {
    return this.#built;
  }

  /**
   * `body` with each step's explanation, as an alert explained when it was built: without
   * `compiledWith`. A body that has its explanations (or no way to build them) is returned as is.
   */
  explained(body: AlertBody): AlertBody {
    const options = body.compiledWith;
    if (!options) return body;
    const queryKey = JSON.stringify([options, body.query]);
    // The same id is the same rule and events; the query text and options pin the rule's version.
    const alertKey = `${body.id}\n${queryKey}`;
    let nodes = recall(this.#alerts, alertKey);
    if (!nodes) {
      nodes = this.#explain(body, this.#compiled(queryKey, options, body.query));
      this.#built++;
      keep(this.#alerts, alertKey, nodes, ALERTS_KEPT);
    }
    const { compiledWith: _, ...rest } = body;
    return {
      ...rest,
      steps: body.steps.map((s, i) =>
        s.explanation === undefined ? { ...s, explanation: nodes[i] ?? null } : s,
      ),
    };
  }

  #compiled(key: string, options: CompiledWith, source: string): Compiled {
    const known = recall(this.#queries, key);
    if (known !== undefined) return known;
    let compiled: Compiled = null;
    try {
      const language = this.languageOf(options);
      compiled = { language, query: language.compile(source) };
    } catch {
      // The scan compiled this text with these options; should it fail now, nothing is said.
    }
    keep(this.#queries, key, compiled, QUERIES_KEPT);
    return compiled;
  }

  #explain(body: AlertBody, compiled: Compiled): (ExplanationNode | null)[] {
    return body.steps.map((step) => {
      if (!compiled || step.missing || !step.doc) return null;
      const { stages } = compiled.query;
      const stage = stages[step.stage] ?? stages[stages.length - 1];
      return stage ? safeExplain(compiled.language, stage, step.doc as Doc) : null;
    });
  }
}
