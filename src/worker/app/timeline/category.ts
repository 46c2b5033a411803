// An event's timeline category: the first ECS event.category it names that the timeline colours,
// else 'other'. Winlogbeat writes event.category as an array; flat exports as a string.
import { readField } from '../fields.ts';
import type { JsonDoc } from '../../app-api.ts';
import { TIMELINE_CATEGORIES, type TimelineCategory } from '../../timeline-api.ts';

const CODES = new Map<string, number>(TIMELINE_CATEGORIES.map((c, i) => [c, i]));
export const OTHER = CODES.get('other') as number;

export function categoryCode(doc: JsonDoc): number {
  const value = readField(doc, 'event.category');
  const list = Array.isArray(value) ? value : [value];
  for (const v of list) {
    if (typeof v !== 'string') continue;
    const code = CODES.get(v.toLowerCase());
    if (code !== undefined) return code;
  }
  return OTHER;
}

export function categoryName(code: number): TimelineCategory {
  return TIMELINE_CATEGORIES[code] ?? 'other';
}
