// Turns one engine result into an alert with its evidence: each step's event, where it came
// from (file, line, the original record), the join keys, and why the stage held: now, or when
// the alert is opened (explain-later.ts), which a scan's hundreds of alerts leave for then.
import type { CompiledStage, Doc } from '../../eql/compiled.ts';
import type { Result } from '../../engine/types.ts';
import type { EvidenceStep } from '../app-api.ts';
import { firstText } from './fields.ts';
import { alertId, alertIdentity, eventIdentity } from './identity.ts';
import type { AlertBody, EventMeta, Language, RunnableRule } from './model.ts';

const HOST_FIELDS = ['host.name', 'host.hostname', 'host.id'];
const PROCESS_NAME = ['process.name', 'process.executable'];

export interface EvidenceContext {
  sessionId: string;
  metaOf(doc: Doc): EventMeta | undefined;
  fileName(file: number): string;
  /**
   * Explains each step now. Absent, the alert keeps how its query was compiled instead
   * (`compiledWith`) and its steps are explained when it is opened (explain-later.ts).
   */
  language?: Pick<Language, 'explain'>;
}

function userOf(doc: Doc | null): string {
  const name = firstText(doc, ['user.name', 'winlog.user.name']);
  const domain = firstText(doc, ['user.domain', 'winlog.user.domain']);
  return name && domain ? `${domain}\\${name}` : name;
}

function processOf(doc: Doc | null): string {
  const name = firstText(doc, PROCESS_NAME);
  const command = firstText(doc, ['process.command_line']);
  if (!name) return command;
  return command ? `${name} — ${command}` : name;
}

export function safeExplain(language: Pick<Language, 'explain'>, stage: CompiledStage, doc: Doc) {
  try {
    return language.explain(stage, doc);
  } catch {
    // An explanation is a help, never a reason to lose the alert.
    return null;
  }
}

export function buildAlert(rule: RunnableRule, result: Result, ctx: EvidenceContext): AlertBody {
  const query = rule.query;
  const steps: EvidenceStep[] = [];
  const identities: string[] = [];
  let previous: number | null = null;
  result.events.forEach((event, i) => {
    const stage = query.stages[i] ?? query.stages[query.stages.length - 1];
    if ('missing' in event && event.missing === true) {
      identities.push('missing');
      steps.push({
        stage: i,
        stageText: stage.text,
        missing: true,
        timestamp: null,
        gapMs: null,
        joinKeys: [],
        doc: null,
        raw: null,
        file: null,
        line: null,
        ...(ctx.language ? { explanation: null } : {}),
      });
      return;
    }
    const doc = event as Doc;
    const meta = ctx.metaOf(doc);
    const timestamp = query.timestamp(doc);
    const file = meta ? ctx.fileName(meta.file) : null;
    identities.push(
      meta ? eventIdentity(file ?? String(meta.file), meta.record) : JSON.stringify(doc),
    );
    steps.push({
      stage: i,
      stageText: stage.text,
      missing: false,
      timestamp,
      gapMs: timestamp !== null && previous !== null ? timestamp - previous : null,
      joinKeys: stage.keys.map((k) => k.get(doc) ?? null),
      doc,
      raw: meta?.raw ?? null,
      file,
      line: meta?.line ?? null,
      ...(meta?.evtx ? { evtxRecord: true as const } : {}),
      ...(ctx.language ? { explanation: safeExplain(ctx.language, stage, doc) } : {}),
    });
    if (timestamp !== null) previous = timestamp;
  });
  const present = steps.filter((s) => s.doc);
  const times = present.map((s) => s.timestamp).filter((t): t is number => t !== null);
  const first = present[0]?.doc ?? null;
  const last = present[present.length - 1]?.doc ?? null;
  const identity = alertIdentity(rule.id, identities);
  const joinKeys = 'join_keys' in result ? result.join_keys : [];
  return {
    id: alertId(ctx.sessionId, identity),
    identity,
    sessionId: ctx.sessionId,
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    riskScore: rule.riskScore,
    timestamp: times.length ? Math.min(...times) : 0,
    endTimestamp: times.length ? Math.max(...times) : 0,
    host: firstText(first, HOST_FIELDS) || firstText(last, HOST_FIELDS),
    user: userOf(last) || userOf(first),
    process: processOf(last) || processOf(first),
    kind: query.kind,
    query: query.source,
    joinKeys,
    steps,
    ...(ctx.language ? {} : { compiledWith: rule.compiledWith }),
  };
}
