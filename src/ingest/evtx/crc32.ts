// CRC-32 (IEEE 802.3, reflected 0xEDB88320): the checksum EVTX keeps over its file header,
// chunk headers and event records.

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Continues a CRC over `bytes[from, to)`; start with 0. */
export function crc32(bytes: Uint8Array, from: number, to: number, crc = 0): number {
  let c = ~crc;
  for (let i = from; i < to; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
