// The density canvas painted a few lanes at a time, each slice a task of its own put on the
// canvas as it is done. Fifty busy lanes painted at once were main-thread tasks of 50-400 ms
// (bench/timeline-profile.ts: the pixel writes, then putting ten megabytes), and a wheel or a
// drag waited behind them. A newer density stops an older one's remaining slices.
import type { Density, TimelineCategory } from '../../worker/app-api';
import { CATEGORY_COLORS } from './colors';
import { laneRows, paintDensity, type LaneGeometry } from './density-image';

/** Lanes are painted in slices of about this long… */
const SLICE_MS = 12;
/** …and of at most this many lanes: putting a slice's pixels costs what its rows hold. */
const SLICE_LANES = 8;

export class SlicedPainter {
  #job = 0;
  #image: ImageData | null = null;

  constructor(private readonly geometry: LaneGeometry) {}

  /**
   * Paints `density` for lanes `hosts` on `canvas`, `width` CSS pixels wide; sets the canvas's
   * data-drawn to the density's span once its last lane is on it.
   */
  draw(
    canvas: HTMLCanvasElement,
    density: Density | null,
    hidden: readonly TimelineCategory[],
    width: number,
    hosts: readonly string[],
  ): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const job = ++this.#job;
    const ratio = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(hosts.length * this.geometry.lane * ratio));
    // Setting a canvas's size clears it: only when it changes, so the last view stays on screen
    // while the next one is painted over it.
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    if (this.#image?.width !== w || this.#image.height !== h) {
      this.#image = ctx.createImageData(w, h);
    }
    const image = this.#image;
    let next = 0;
    const slice = () => {
      if (job !== this.#job) return;
      const started = performance.now();
      const first = next;
      // At least one lane a slice; an empty chart puts its (blank) canvas once.
      do {
        paintDensity(
          image,
          ratio,
          this.geometry,
          hosts,
          density,
          CATEGORY_COLORS,
          hidden,
          next,
          next + 1,
        );
        next++;
      } while (
        next < hosts.length &&
        next - first < SLICE_LANES &&
        performance.now() - started < SLICE_MS
      );
      const [top, bottom] = laneRows(this.geometry, ratio, first, next, h);
      ctx.putImageData(image, 0, 0, 0, top, w, Math.max(1, bottom - top));
      if (next < hosts.length) {
        setTimeout(slice, 0);
        return;
      }
      // What was drawn, beside the view wanted (data-view): tests and the benchmark wait for
      // both to agree, i.e. for the view's own density to be on screen.
      if (density) canvas.dataset.drawn = `${density.from}:${density.to}`;
    };
    // Not in the update that brought the density: that task lays out the page already.
    setTimeout(slice, 0);
  }
}
