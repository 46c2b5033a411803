// The density canvas painted as pixels: stacked bars per host lane and category written into one
// buffer and put on the canvas at once. Drawing the same bars as canvas rectangles (one fill
// style per bar, or one path per category) made a view of fifty busy hosts a main-thread task of
// 40-110 ms under software rendering; writing the pixels costs what the bars cover. Fifty busy
// lanes still cost 30-80 ms of writes in the page, so sliced-paint.ts paints one lane an image,
// a few lanes a task.
import type { Density, TimelineCategory } from '../../worker/app-api';

export interface LaneGeometry {
  /** Lane height, the bar area's bottom offset within a lane and its height, in CSS pixels. */
  lane: number;
  bottom: number;
  room: number;
  /** The separator line's offset within a lane. */
  rule: number;
}

/** #rrggbb as the little-endian RGBA word an ImageData's Uint32Array view holds. */
export function pixel(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff)) >>> 0;
}

export function paintDensity(
  image: ImageData,
  ratio: number,
  geometry: LaneGeometry,
  hosts: readonly string[],
  density: Density | null,
  colors: Record<TimelineCategory, string>,
  hidden: readonly TimelineCategory[],
): void {
  const W = image.width;
  const H = image.height;
  const px = new Uint32Array(image.data.buffer);
  // The image may hold an earlier lane or view.
  px.fill(0);
  const rule = pixel('#eef1f6');
  const ruleRows = Math.max(1, Math.round(ratio));
  for (let i = 0; i < hosts.length; i++) {
    const top = Math.round((i * geometry.lane + geometry.rule) * ratio);
    for (let y = top; y < Math.min(H, top + ruleRows); y++) px.fill(rule, y * W, y * W + W);
  }
  if (!density) return;
  const cats = density.categories;
  const words = cats.map((c) => (hidden.includes(c) ? 0 : pixel(colors[c])));
  const byHost = new Map(density.lanes.map((l) => [l.host, l]));
  const binW = W / density.bins;
  const gap = ratio >= 2 ? 1 : 0;
  for (let i = 0; i < hosts.length; i++) {
    const d = byHost.get(hosts[i]);
    if (!d || d.max === 0) continue;
    const base = (i * geometry.lane + geometry.bottom) * ratio;
    const room = geometry.room * ratio;
    for (let bin = 0; bin < density.bins; bin++) {
      const at = bin * cats.length;
      let total = 0;
      for (let c = 0; c < cats.length; c++) total += d.counts[at + c];
      if (total === 0) continue;
      const x0 = Math.floor(bin * binW);
      const x1 = Math.min(W, Math.max(x0 + 1, Math.floor((bin + 1) * binW) - gap));
      // Square root keeps a quiet minute visible beside a burst.
      const height = Math.max(2 * ratio, room * Math.sqrt(total / d.max));
      let y = base;
      for (let c = 0; c < cats.length; c++) {
        const n = d.counts[at + c];
        if (!n || !words[c]) continue;
        const next = y - (n / total) * height;
        const from = Math.max(0, Math.round(next));
        const to = Math.min(H, Math.max(from + 1, Math.round(y)));
        // Bars are a few pixels wide: plain stores beat a fill() call per row.
        const word = words[c];
        for (let row = from; row < to; row++) {
          for (let k = row * W + x0, end = row * W + x1; k < end; k++) px[k] = word;
        }
        y = next;
      }
    }
  }
}
