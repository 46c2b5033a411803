// WinRM / WS-Management (Microsoft-Windows-WinRM/Operational). Neither Winlogbeat nor Elastic
// Agent maps this channel; these rows are Sequent's, for its own WinRM rules: 6 (a WSMan
// session to a remote host), 91 (a shell created on this host), 169 (a user authenticated).
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const M = mapping;

export const WINRM: Record<number, Mapping> = {
  6: M(['network', 'session'], ['start'], 'wsman-session-created'),
  91: M(['process', 'session'], ['start'], 'wsman-shell-created'),
  169: M(['authentication'], ['start'], 'wsman-user-authenticated', 'success'),
};

export function mapWinRM(b: EcsBuilder, id: number): void {
  if (id === 6) {
    const conn = b.data.connection;
    if (conn && conn !== '-') {
      b.set('url.original', conn);
      const host = conn.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0];
      if (host) b.set('destination.domain', host);
    }
  } else if (id === 91) {
    b.str('winlog.event_data.resourceUri', 'resourceUri');
  } else if (id === 169) {
    b.account('user', 'username');
    b.str('winlog.event_data.authenticationMechanism', 'authenticationMechanism');
    const name = (b.doc.user as Record<string, unknown> | undefined)?.name;
    if (typeof name === 'string') b.related('user', name);
  }
}
