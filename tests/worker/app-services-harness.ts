// Runs in Chromium (bundled by tests/browser/bundle.ts): each app service of the worker
// (src/worker/app/services/) on its own, over real IndexedDB, real ingest and the real rules,
// in the page's thread rather than behind comlink so a test builds only the services it names.
import { openSequentDb } from '../../src/store/index.ts';
import { AlertService } from '../../src/worker/app/services/alerts.ts';
import { ServiceContext } from '../../src/worker/app/services/context.ts';
import { DemoService } from '../../src/worker/app/services/demo.ts';
import { ExceptionService } from '../../src/worker/app/services/exceptions.ts';
import { HandoverService } from '../../src/worker/app/services/handover.ts';
import { HuntService } from '../../src/worker/app/services/hunting.ts';
import { ReattachService } from '../../src/worker/app/services/reattach.ts';
import { RuleService } from '../../src/worker/app/services/rules.ts';
import { ScanService } from '../../src/worker/app/services/scan.ts';
import { SessionService } from '../../src/worker/app/services/sessions.ts';

/** A context over a database of its own, and a clock that ticks by a second per reading. */
function freshContext(): ServiceContext {
  const name = `services:${Math.random().toString(36).slice(2)}`;
  let t = Date.UTC(2026, 0, 1);
  return new ServiceContext({ openDb: () => openSequentDb({ name }), now: () => (t += 1_000) });
}

/** A context with one session holding the scanned `text` (as a file named `name`). */
async function scannedCase(text: string, name: string) {
  const ctx = freshContext();
  const session = await new SessionService(ctx).createSession('scanned');
  const outcome = await new ScanService(ctx).scanFiles(
    session.id,
    [new File([text], name)],
    () => {},
  );
  return { ctx, session, outcome };
}

const harness = {
  freshContext,
  scannedCase,
  AlertService,
  DemoService,
  ExceptionService,
  HandoverService,
  HuntService,
  ReattachService,
  RuleService,
  ScanService,
  SessionService,
};

export type ServicesHarness = typeof harness;

Object.assign(globalThis, { sequentHarness: harness });
