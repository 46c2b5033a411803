// The alert table's columns, shared by the header, the rows and the CSV-like widths.
import type { SortKey } from '../lib/alert-query';

export interface Column {
  key: SortKey;
  label: string;
  width: string;
}

export const COLUMNS: Column[] = [
  { key: 'timestamp', label: 'Time', width: '190px' },
  { key: 'ruleName', label: 'Rule', width: 'minmax(160px, 2fr)' },
  { key: 'severity', label: 'Severity', width: '80px' },
  { key: 'riskScore', label: 'Risk', width: '52px' },
  { key: 'host', label: 'Host', width: 'minmax(110px, 1fr)' },
  { key: 'user', label: 'User', width: 'minmax(90px, 1fr)' },
  { key: 'process', label: 'Process', width: 'minmax(140px, 2fr)' },
  { key: 'status', label: 'Status', width: '100px' },
];

export function gridTemplate(columns: readonly Column[]): string {
  return `28px ${columns.map((c) => c.width).join(' ')}`;
}
