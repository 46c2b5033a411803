// Community ID v1 flow hash (network.community_id), as Elasticsearch's community_id processor
// computes it for Winlogbeat's Sysmon 3 events: SHA-1 over seed, both addresses, protocol and
// both ports, the lower endpoint first, base64 with a `1:` prefix. Synchronous SHA-1 here:
// the ingest layer has no Node crypto, and WebCrypto's digest is asynchronous.

const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132, 'ipv6-icmp': 58 };

/** The flow's Community ID, or undefined when an address, port or protocol is not usable. */
export function communityId(
  srcIp: string,
  srcPort: number,
  dstIp: string,
  dstPort: number,
  transport: string,
): string | undefined {
  const proto = PROTOCOLS[transport] ?? PROTOCOLS[transport.toLowerCase()] ?? Number(transport);
  const src = ipBytes(srcIp, SRC4, SRC6);
  const dst = ipBytes(dstIp, DST4, DST6);
  if (!src || !dst || src.length !== dst.length || !Number.isInteger(proto)) return undefined;
  if (!validPort(srcPort) || !validPort(dstPort)) return undefined;
  // The lower (address, port) end goes first, so both directions of a flow hash alike.
  const order = compare(src, dst) || srcPort - dstPort;
  const [a, ap, b, bp] = order <= 0 ? [src, srcPort, dst, dstPort] : [dst, dstPort, src, srcPort];
  const buf = a.length === 4 ? BUF4 : BUF6;
  let o = 2; // seed 0 (bytes 0-1 stay zero)
  buf.set(a, o);
  o += a.length;
  buf.set(b, o);
  o += b.length;
  buf[o++] = proto;
  buf[o++] = 0;
  buf[o++] = ap >> 8;
  buf[o++] = ap & 0xff;
  buf[o++] = bp >> 8;
  buf[o] = bp & 0xff;
  return `1:${base64(sha1(buf))}`;
}

// Scratch buffers: one flow at a time, and nothing here keeps them.
const SRC4 = new Uint8Array(4);
const DST4 = new Uint8Array(4);
const SRC6 = new Uint8Array(16);
const DST6 = new Uint8Array(16);
const BUF4 = new Uint8Array(2 + 8 + 2 + 4);
const BUF6 = new Uint8Array(2 + 32 + 2 + 4);

const validPort = (p: number) => Number.isInteger(p) && p >= 0 && p <= 0xffff;

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

// Dotted quad into out[at..at+3], digit by digit: this runs for every Sysmon connection.
function ipv4(s: string, out: Uint8Array, at: number): boolean {
  let part = 0;
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || n > 255 || part > 3) return false;
      out[at + part++] = n;
      n = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      n = n * 10 + (c - 48);
      digits++;
    } else return false;
  }
  return part === 4;
}

function ipBytes(ip: string, v4: Uint8Array, out: Uint8Array): Uint8Array | undefined {
  if (!ip.includes(':')) return ipv4(ip, v4, 0) ? v4 : undefined;
  const [head, tail, extra] = ip.split('::');
  if (extra !== undefined) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = (parts: string[]): number[] | undefined => {
    const words: number[] = [];
    for (const p of parts) {
      if (p.includes('.')) {
        const v4 = new Uint8Array(4);
        if (!ipv4(p, v4, 0)) return undefined;
        words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) words.push(parseInt(p, 16));
      else return undefined;
    }
    return words;
  };
  const l = groups(left);
  const r = groups(right);
  if (!l || !r) return undefined;
  const missing = 8 - l.length - r.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const words = [...l, ...(new Array(missing).fill(0) as number[]), ...r];
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

// Scratch space reused across calls (a flow's message is one block).
const X = new Uint32Array(80);
const W = new Uint32Array(16);

function sha1(msg: Uint8Array): Uint8Array {
  const len = msg.length;
  const blocks = ((len + 8) >> 6) + 1;
  const w = blocks === 1 ? W.fill(0) : new Uint32Array(blocks * 16);
  for (let i = 0; i < len; i++) w[i >> 2] |= msg[i] << (24 - (i & 3) * 8);
  w[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
  w[blocks * 16 - 1] = len * 8;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const x = X;
  for (let blk = 0; blk < blocks; blk++) {
    for (let t = 0; t < 16; t++) x[t] = w[blk * 16 + t];
    for (let t = 16; t < 80; t++) {
      const v = x[t - 3] ^ x[t - 8] ^ x[t - 14] ^ x[t - 16];
      x[t] = (v << 1) | (v >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      const f =
        t < 20
          ? ((b & c) | (~b & d)) + 0x5a827999
          : t < 40
            ? (b ^ c ^ d) + 0x6ed9eba1
            : t < 60
              ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
              : (b ^ c ^ d) + 0xca62c1d6;
      const tmp = (((a << 5) | (a >>> 27)) + f + e + x[t]) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const hs = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    const h = hs[i];
    out[i * 4] = h >>> 24;
    out[i * 4 + 1] = (h >>> 16) & 0xff;
    out[i * 4 + 2] = (h >>> 8) & 0xff;
    out[i * 4 + 3] = h & 0xff;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}
