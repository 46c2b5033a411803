// Windows Filtering Platform events of the Security log (5152, 5156, 5157, 5158): the
// integration names their actions (see security.ts); the address mapping is Sequent's own.
import { present, toNumber } from '../values.ts';
import type { EcsBuilder } from './builder.ts';

const TRANSPORTS: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
};

// Windows Filtering Platform 5156 (connection permitted), 5157 (blocked), 5152 (packet
// dropped), 5158 (bind permitted): the same EventData layout.
// Direction `%%14592` is inbound, `%%14593` outbound. For inbound connections Windows is not
// consistent about which side it calls Source: the real recordings here have both
// (OTRF: Source = the remote peer, DestPort = 5985; EVTX-ATTACK-SAMPLES: SourcePort = 445 or
// 3389, i.e. Source = this host). The listening side of an accepted connection has the lower
// port, so for inbound events the side with the lower port becomes `destination` and the
// other `source`: `source.ip` is the remote peer and `destination.port` the local service.
export function mapWfp(b: EcsBuilder, id: number): void {
  const d = b.data;
  const pid = toNumber(d.ProcessID ?? d.ProcessId);
  if (pid !== undefined) b.set('process.pid', pid);
  const app = d.Application;
  if (present(app)) {
    b.executable('process', 'Application');
    if (app === 'System' && pid === undefined) b.set('process.pid', 4);
  }
  const proto = d.Protocol;
  if (present(proto)) {
    b.set('network.transport', TRANSPORTS[proto] ?? proto);
    b.set('network.iana_number', proto);
  }
  if (id === 5158) {
    b.ip('source.ip', 'SourceAddress');
    b.num('source.port', 'SourcePort');
    relatedIps(b);
    return;
  }
  const dir = d.Direction;
  const inbound = dir === '%%14592' || dir === 'Inbound';
  const outbound = dir === '%%14593' || dir === 'Outbound';
  if (inbound) b.set('network.direction', 'ingress');
  else if (outbound) b.set('network.direction', 'egress');
  const sp = toNumber(d.SourcePort);
  const dp = toNumber(d.DestPort);
  const swap = inbound && sp !== undefined && dp !== undefined && sp < dp;
  b.ip(swap ? 'destination.ip' : 'source.ip', 'SourceAddress');
  b.ip(swap ? 'source.ip' : 'destination.ip', 'DestAddress');
  if (sp !== undefined) b.set(swap ? 'destination.port' : 'source.port', sp);
  if (dp !== undefined) b.set(swap ? 'source.port' : 'destination.port', dp);
  const addr = d.SourceAddress ?? '';
  if (addr) b.set('network.type', addr.includes(':') ? 'ipv6' : 'ipv4');
  relatedIps(b);
}

function relatedIps(b: EcsBuilder): void {
  for (const side of ['source', 'destination']) {
    const ip = (b.doc[side] as Record<string, unknown> | undefined)?.ip;
    if (typeof ip === 'string') b.related('ip', ip);
  }
}
