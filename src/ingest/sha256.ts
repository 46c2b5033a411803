// SHA-256 (FIPS 180-4) fed piece by piece. WebCrypto's digest takes the whole input at once,
// and Chromium copies that input again before hashing: a 200 MB file held ~400 MB of the
// browser while it was hashed. Fed from the file's stream, this holds one 64-byte block.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

export class Sha256 {
  readonly #h = Int32Array.from(INITIAL);
  readonly #w = new Int32Array(64);
  /** The bytes of a block not yet complete. */
  readonly #block = new Uint8Array(64);
  #held = 0;
  #length = 0;

  update(data: Uint8Array): this {
    let at = 0;
    this.#length += data.length;
    if (this.#held > 0) {
      const take = Math.min(64 - this.#held, data.length);
      this.#block.set(data.subarray(0, take), this.#held);
      this.#held += take;
      at = take;
      if (this.#held < 64) return this;
      this.#blocks(this.#block, 0, 64);
      this.#held = 0;
    }
    const whole = at + ((data.length - at) & ~63);
    if (whole > at) this.#blocks(data, at, whole);
    if (whole < data.length) {
      this.#block.set(data.subarray(whole), 0);
      this.#held = data.length - whole;
    }
    return this;
  }

  /** The digest of everything fed; the hash is not to be fed after. */
  digest(): Uint8Array {
    const bits = this.#length * 8;
    const tail = new Uint8Array(this.#held + 9 <= 64 ? 64 : 128);
    tail.set(this.#block.subarray(0, this.#held));
    tail[this.#held] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.#blocks(tail, 0, tail.length);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setInt32(i * 4, this.#h[i]);
    return out;
  }

  /** Hashes the 64-byte blocks of `d` from `from` to `to`. */
  #blocks(d: Uint8Array, from: number, to: number): void {
    const w = this.#w;
    const h = this.#h;
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
    let h0 = h[0],
      h1 = h[1],
      h2 = h[2],
      h3 = h[3],
      h4 = h[4],
      h5 = h[5],
      h6 = h[6],
      h7 = h[7];
    for (let o = from; o < to; o += 64) {
      let a = h0,
        b = h1,
        c = h2,
        dd = h3,
        e = h4,
        f = h5,
        g = h6,
        hh = h7;
      for (let i = 0; i < 64; i++) {
        let wi: number;
        if (i < 16) {
          wi = view.getInt32(o + i * 4);
        } else {
          const x = w[(i - 15) & 15];
          const y = w[(i - 2) & 15];
          const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          wi = (w[i & 15] + s0 + w[(i - 7) & 15] + s1) | 0;
        }
        w[i & 15] = wi;
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (hh + S1 + (g ^ (e & (f ^ g))) + K[i] + wi) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & b) | (c & (a | b)))) | 0;
        hh = g;
        g = f;
        f = e;
        e = (dd + t1) | 0;
        dd = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + b) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + dd) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + hh) | 0;
    }
    h[0] = h0;
    h[1] = h1;
    h[2] = h2;
    h[3] = h3;
    h[4] = h4;
    h[5] = h5;
    h[6] = h6;
    h[7] = h7;
  }
}

/** Lowercase hex of bytes. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}
