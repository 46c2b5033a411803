// Display preferences read by every view (and by filters that parse typed times).
import type { TimeZoneMode } from '../lib/format';

export const display = $state<{ zone: TimeZoneMode }>({ zone: 'utc' });
