// A synthetic alert built by hand for the hand-over tests (labelled synthetic: no real data).
import type { AlertDetail } from '../../src/worker/app-api.ts';

export function syntheticAlert(overrides: Partial<AlertDetail> = {}): AlertDetail {
  return {
    id: 's1/0001',
    sessionId: 's1',
    ruleId: 'rule-1',
    ruleName: 'Synthetic rule',
    severity: 'medium',
    riskScore: 47,
    timestamp: Date.UTC(2024, 0, 2, 3, 4, 5),
    endTimestamp: Date.UTC(2024, 0, 2, 3, 4, 8),
    host: 'WS1',
    user: 'CORP\\alice',
    process: 'cmd.exe — cmd.exe /c whoami',
    status: 'open',
    hiddenBy: null,
    kind: 'sequence',
    query: 'sequence by host.id [network where true] [process where true]',
    joinKeys: ['host-1'],
    steps: [
      {
        stage: 0,
        stageText: '[network where true]',
        missing: false,
        timestamp: Date.UTC(2024, 0, 2, 3, 4, 5),
        gapMs: null,
        joinKeys: ['host-1'],
        doc: { host: { id: 'host-1', name: 'WS1' }, source: { ip: '10.0.0.9' } },
        raw: '{"synthetic":true}',
        file: 'a.ndjson',
        line: 3,
        explanation: null,
      },
      {
        stage: 1,
        stageText: '[process where true]',
        missing: false,
        timestamp: Date.UTC(2024, 0, 2, 3, 4, 8),
        gapMs: 3000,
        joinKeys: ['host-1'],
        doc: { host: { id: 'host-1', name: 'WS1' }, process: { name: 'cmd.exe' } },
        raw: { synthetic: true },
        file: 'b.ndjson',
        line: 7,
        explanation: null,
      },
    ],
    triage: { status: 'open', reason: null, notes: '', updatedAt: 0 },
    ...overrides,
  };
}
