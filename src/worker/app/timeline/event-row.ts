// One event as a line of the timeline's event list: what a responder scans for first.
import type { JsonDoc } from '../../app-api.ts';
import type { TimelineEventRef, TimelineEventRow } from '../../timeline-api.ts';
import { firstText, textOf, readField } from '../fields.ts';
import { categoryCode, categoryName } from './category.ts';
import { hostOf, timeOf } from './event-index.ts';

function endpoint(doc: JsonDoc, side: 'source' | 'destination'): string {
  const ip = textOf(readField(doc, `${side}.ip`));
  const port = textOf(readField(doc, `${side}.port`));
  return ip ? (port ? `${ip}:${port}` : ip) : '';
}

function user(doc: JsonDoc): string {
  const name = textOf(readField(doc, 'user.name'));
  const domain = textOf(readField(doc, 'user.domain'));
  return name ? (domain ? `${domain}\\${name}` : name) : '';
}

export function summaryOf(doc: JsonDoc): string {
  const parts: string[] = [];
  const process = firstText(doc, ['process.command_line', 'process.executable', 'process.name']);
  if (process) parts.push(process);
  const who = user(doc);
  if (who) parts.push(`user ${who}`);
  const src = endpoint(doc, 'source');
  const dst = endpoint(doc, 'destination');
  if (src || dst) parts.push(`${src || '?'} → ${dst || '?'}`);
  const target = firstText(doc, ['file.path', 'registry.path', 'dns.question.name', 'url.full']);
  if (target) parts.push(target);
  if (!parts.length) {
    const message = textOf(readField(doc, 'message'));
    if (message) parts.push(message.split(/\r?\n/, 1)[0]);
  }
  return parts.join(' · ').slice(0, 400);
}

export function eventRow(doc: JsonDoc, ref: TimelineEventRef, file: string): TimelineEventRow {
  return {
    ref,
    time: timeOf(doc) ?? 0,
    host: hostOf(doc),
    category: categoryName(categoryCode(doc)),
    action: firstText(doc, ['event.action', 'event.code', 'winlog.event_id']),
    summary: summaryOf(doc),
    file,
  };
}
