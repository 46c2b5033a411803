// One colour per timeline category, distinguishable on white and in the legend.
import type { TimelineCategory } from '../../worker/app-api';

export const CATEGORY_COLORS: Record<TimelineCategory, string> = {
  process: '#3b6fd4',
  network: '#2a9d8f',
  file: '#e09f3e',
  registry: '#8e5bd0',
  authentication: '#d1495b',
  iam: '#b5179e',
  configuration: '#6c757d',
  library: '#7fb069',
  driver: '#5e548e',
  session: '#f28482',
  host: '#4a4e69',
  other: '#adb5bd',
};
