// The density painted one canvas per host lane, a few lanes at a time, each slice a task of its
// own. Fifty busy lanes painted at once were main-thread tasks of 50-400 ms (bench/
// timeline-profile.ts: the pixel writes, then putting ten megabytes), and a wheel or a drag
// waited behind them. One canvas per lane, not one for the chart: a frame then hands the
// compositor only the lanes it changed (one 2,200-pixel-tall canvas was a 50-150 ms commit on
// every frame of the paint). A newer density stops an older one's remaining slices.
import type { Density, TimelineCategory } from '../../worker/app-api';
import { CATEGORY_COLORS } from './colors';
import { paintDensity, type LaneGeometry } from './density-image';

/** Lanes are painted in slices of about this long… */
const SLICE_MS = 12;
/** …and of at most this many lanes: putting a slice's pixels costs what its rows hold. */
const SLICE_LANES = 8;

export class SlicedPainter {
  #job = 0;
  #image: ImageData | null = null;

  constructor(private readonly geometry: LaneGeometry) {}

  /**
   * Paints `density` for lanes `hosts`, lane i on `canvases[i]`, `width` CSS pixels wide; sets
   * `marker`'s data-drawn to the density's span once its last lane is on screen.
   */
  draw(
    marker: HTMLElement,
    canvases: readonly (HTMLCanvasElement | undefined)[],
    density: Density | null,
    hidden: readonly TimelineCategory[],
    width: number,
    hosts: readonly string[],
  ): void {
    const job = ++this.#job;
    const ratio = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(this.geometry.lane * ratio));
    let next = 0;
    const slice = () => {
      if (job !== this.#job) return;
      const started = performance.now();
      const first = next;
      while (
        next < hosts.length &&
        next - first < SLICE_LANES &&
        (next === first || performance.now() - started < SLICE_MS)
      ) {
        this.#paintLane(canvases[next], w, h, ratio, hosts[next], density, hidden);
        next++;
      }
      if (next < hosts.length) {
        setTimeout(slice, 0);
        return;
      }
      // What was drawn, beside the view wanted (data-view): tests and the benchmark wait for
      // both to agree, i.e. for the view's own density to be on screen.
      if (density) marker.dataset.drawn = `${density.from}:${density.to}`;
    };
    // Not in the update that brought the density: that task lays out the page already.
    setTimeout(slice, 0);
  }

  #paintLane(
    canvas: HTMLCanvasElement | undefined,
    w: number,
    h: number,
    ratio: number,
    host: string,
    density: Density | null,
    hidden: readonly TimelineCategory[],
  ) {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    // Setting a canvas's size clears it: only when it changes, so the last view stays on screen
    // until the lane is painted again.
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    if (this.#image?.width !== w || this.#image.height !== h) {
      this.#image = ctx.createImageData(w, h);
    }
    paintDensity(this.#image, ratio, this.geometry, [host], density, CATEGORY_COLORS, hidden);
    ctx.putImageData(this.#image, 0, 0);
  }
}
