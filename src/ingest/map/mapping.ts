// What every mapped event id gets: ECS categorization, and optionally an outcome.
export interface Mapping {
  category: string[];
  type: string[];
  action: string;
  outcome?: 'success' | 'failure';
}

/** One row of a per-event-id table, kept to a line so the tables read like Winlogbeat's. */
export const mapping = (
  category: string[],
  type: string[],
  action: string,
  outcome?: 'success' | 'failure',
): Mapping => ({ category, type, action, outcome });
