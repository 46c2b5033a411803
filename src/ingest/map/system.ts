// System log: the service control manager (7045 service installed, 7036 state changed) and
// the event log service (104 log cleared). Winlogbeat has no pipeline for this channel; the
// actions follow its Security names (7045 like 4697), 104 keeps the task Winlogbeat names it
// by ("Log clear"), which Elastic's log-clearing rule queries for the System channel.
import { present } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const M = mapping;

export const SYSTEM: Record<number, Mapping> = {
  104: M(['iam'], ['admin', 'change'], 'Log clear', 'success'),
  7036: M(['configuration'], ['change'], 'service-state-changed'),
  7045: M(['configuration'], ['creation'], 'service-installed', 'success'),
};

export function mapSystem(b: EcsBuilder, id: number): void {
  if (id === 7045) {
    b.str('service.name', 'ServiceName');
    b.str('service.type', 'ServiceType');
    const path = b.data.ImagePath;
    if (present(path)) b.set('winlog.event_data.ImagePath', path);
    b.account('user', 'AccountName');
  } else if (id === 7036) {
    b.str('service.name', 'param1');
    b.str('service.state', 'param2');
  } else if (id === 104) {
    // UserData/LogFileCleared: SubjectUserName, SubjectDomainName, Channel.
    b.str('user.name', 'SubjectUserName');
    b.str('user.domain', 'SubjectDomainName');
  }
  const name = (b.doc.user as Record<string, unknown> | undefined)?.name;
  if (typeof name === 'string') b.related('user', name);
}
