// Positional EventData names for `Get-WinEvent | ConvertTo-Json`, whose Properties[] carry
// values without names. Orders follow the event manifests (checked against python-evtx XML
// of real events, where <Data> elements keep the manifest order). Newer versions of an event
// only append fields, so one list per event serves every version.
import { security } from './security.ts';
import { sysmon, sysmonOld } from './sysmon.ts';

const system: Record<number, string[]> = {
  7045: ['ServiceName', 'ImagePath', 'ServiceType', 'StartType', 'AccountName'],
  7036: ['param1', 'param2'],
};

const powershell: Record<number, string[]> = {
  4103: ['ContextInfo', 'UserData', 'Payload'],
  4104: ['MessageNumber', 'MessageTotal', 'ScriptBlockText', 'ScriptBlockId', 'Path'],
};

const winrm: Record<number, string[]> = {
  6: ['connection'],
  91: ['resourceUri', 'shellId'],
  169: ['username', 'authenticationMechanism'],
};

/** Names for the positional values of one event, or undefined when there is no layout. */
export function layoutFor(
  family: string,
  eventId: number,
  valueCount: number,
): string[] | undefined {
  switch (family) {
    case 'sysmon':
      if (sysmonOld[eventId] && valueCount === sysmonOld[eventId].length) return sysmonOld[eventId];
      return sysmon[eventId];
    case 'security':
      return security[eventId];
    case 'system':
      return system[eventId];
    case 'powershell':
      return powershell[eventId];
    case 'winrm':
      return winrm[eventId];
    default:
      return undefined;
  }
}
