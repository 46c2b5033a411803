// A self-contained HTML report: opens anywhere, offline, and can do nothing but show text.
// No script, no external resource, a CSP that forbids both, every data string escaped.
import type { AlertDetail, SessionSummary } from '../../app-api.ts';
import { escapeHtml as e } from './html-escape.ts';
import { iso } from './iso.ts';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Values beyond this are cut in the report (the NDJSON export keeps them whole). */
const MAX_VALUE = 4000;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:1100px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccd;padding-top:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f1f3f6}.sev-critical,.sev-high{color:#a4161a;font-weight:600}.sev-medium{color:#b35c00}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f9;padding:.5rem;border:1px solid #e3e3e8;font-size:12px}
.muted{color:#5c6370}.notes{white-space:pre-wrap}`;

function clip(text: string): string {
  return text.length > MAX_VALUE
    ? `${text.slice(0, MAX_VALUE)}… (${text.length} characters, cut)`
    : text;
}

function json(value: unknown): string {
  return e(clip(typeof value === 'string' ? value : JSON.stringify(value, null, 2)));
}

function alertSection(a: AlertDetail, n: number): string {
  const steps = a.steps
    .map(
      (
        s,
      ) => `<h4>Step ${s.stage + 1}${s.missing ? ' (missing event)' : ''}: ${e(iso(s.timestamp))}${
        s.gapMs !== null ? ` <span class="muted">(+${(s.gapMs / 1000).toFixed(3)} s)</span>` : ''
      }</h4>
<p class="muted">${e(s.stageText)}<br>${e(s.file ?? '')}${s.line !== null ? `, line ${s.line}` : ''}</p>
${s.doc ? `<pre>${json(s.doc)}</pre>` : ''}${s.raw !== undefined && s.raw !== null ? `<details><summary>Original record</summary><pre>${json(s.raw)}</pre></details>` : ''}`,
    )
    .join('\n');
  return `<section>
<h2 id="alert-${n}">${n}. ${e(a.ruleName)} <span class="sev-${e(a.severity)}">${e(a.severity)}</span></h2>
<table>
<tr><th>Time (UTC)</th><td>${e(iso(a.timestamp))} – ${e(iso(a.endTimestamp))}</td></tr>
<tr><th>Host</th><td>${e(a.host)}</td></tr>
<tr><th>User</th><td>${e(a.user)}</td></tr>
<tr><th>Process</th><td>${e(a.process)}</td></tr>
<tr><th>Risk score</th><td>${e(a.riskScore)}</td></tr>
<tr><th>Join keys</th><td>${e(JSON.stringify(a.joinKeys))}</td></tr>
<tr><th>Triage</th><td>${e(a.triage.status)}${a.triage.reason ? ` (${e(a.triage.reason)})` : ''}${a.hiddenBy ? ' — hidden by a rule exception' : ''}</td></tr>
<tr><th>Notes</th><td class="notes">${e(a.triage.notes)}</td></tr>
<tr><th>Alert id</th><td>${e(a.id)}</td></tr>
</table>
<details><summary>Rule query</summary><pre>${e(a.query)}</pre></details>
${steps}
</section>`;
}

export function htmlReport(
  session: SessionSummary,
  alerts: readonly AlertDetail[],
  generatedAt: number,
): string {
  const rows = alerts
    .map(
      (a, i) =>
        `<tr><td><a href="#alert-${i + 1}">${i + 1}</a></td><td>${e(iso(a.timestamp))}</td><td>${e(a.ruleName)}</td><td class="sev-${e(a.severity)}">${e(a.severity)}</td><td>${e(a.host)}</td><td>${e(a.user)}</td><td>${e(a.process)}</td><td>${e(a.triage.status)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>Sequent report: ${e(session.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Sequent report: ${e(session.name)}</h1>
<p class="muted">Generated ${e(iso(generatedAt))}. Session created ${e(iso(session.createdAt))}; ${e(session.files)} files, ${e(session.events)} events, ${alerts.length} alerts in this report. Times are UTC. Every value below is shown as text exactly as it was in the logs (invisible characters as ⟨U+…⟩).</p>
<table>
<tr><th>#</th><th>Time (UTC)</th><th>Rule</th><th>Severity</th><th>Host</th><th>User</th><th>Process</th><th>Status</th></tr>
${rows}
</table>
${alerts.map((a, i) => alertSection(a, i + 1)).join('\n')}
</body>
</html>
`;
}
