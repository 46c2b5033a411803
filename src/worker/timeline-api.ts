// The timeline's part of the page/worker contract: event density per host as counts already
// binned by the worker (the page never holds the events), and pages of the events themselves.

/** ECS event categories the timeline colours apart; anything else is 'other'. */
export const TIMELINE_CATEGORIES = [
  'process',
  'network',
  'file',
  'registry',
  'authentication',
  'iam',
  'configuration',
  'library',
  'driver',
  'session',
  'host',
  'other',
] as const;

export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number];

/** What a session's events span, per host: enough to lay out lanes before any density. */
export interface TimelineExtent {
  /** Events that carry a time (those without one cannot be placed and are counted apart). */
  events: number;
  untimed: number;
  min: number | null;
  max: number | null;
  hosts: { host: string; events: number; min: number; max: number }[];
  /** Set when some of the session's events are not at hand (alerts-only, not re-attached). */
  partial: string | null;
}

export interface DensityRequest {
  from: number;
  to: number;
  /** Bins across [from, to); at most 4,000. */
  bins: number;
  hosts?: string[];
}

/** Per host, `counts[bin * categories.length + category]`: events of that category in that bin. */
export interface Density {
  from: number;
  to: number;
  bins: number;
  categories: readonly TimelineCategory[];
  lanes: { host: string; counts: Uint32Array; max: number }[];
}

export interface TimelineEventsQuery {
  from: number;
  to: number;
  /** One host, or every host when absent. */
  host?: string;
  categories?: TimelineCategory[];
  /** Case-insensitive text that must occur somewhere in the event. */
  text?: string;
  offset?: number;
  limit?: number;
}

/** Where a stored event sits, to fetch its whole record. */
export interface TimelineEventRef {
  chunk: number;
  index: number;
}

export interface TimelineEventRow {
  ref: TimelineEventRef;
  time: number;
  host: string;
  category: TimelineCategory;
  /** event.code / event.action, the way a responder names the event. */
  action: string;
  /** The few fields that say what happened (process, user, addresses, path). */
  summary: string;
  file: string;
}

export interface TimelineEventsPage {
  rows: TimelineEventRow[];
  /** Events in the window that pass the category filter (before the text filter). */
  inWindow: number;
  /** Whether more rows follow this page. */
  more: boolean;
}

export interface TimelineEventRecord {
  ref: TimelineEventRef;
  event: unknown;
  raw: unknown;
  file: string;
}
