// What every mapped event id gets: ECS categorization, and optionally an outcome.
export interface Mapping {
  category: string[];
  type: string[];
  action: string;
  outcome?: 'success' | 'failure';
}
