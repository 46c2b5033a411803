// The density painted one canvas per host lane, a few lanes at a time, each slice a task of its
// own. Fifty busy lanes painted at once were main-thread tasks of 50-400 ms (bench/
// timeline-profile.ts: the pixel writes, then putting ten megabytes), and a wheel or a drag
// waited behind them. One canvas per lane, not one for the chart: a frame then hands the
// compositor only the lanes it changed (one 2,200-pixel-tall canvas was a 50-150 ms commit on
// every frame of the paint). Only the lanes the chart shows have a canvas, and a canvas already
// showing this density is left alone, so a scroll paints just the lanes it brought in. A newer
// draw stops an older one's remaining slices (it paints whatever of them is still unpainted).
import type { Density, TimelineCategory } from '../../worker/app-api';
import { CATEGORY_COLORS } from './colors';
import { paintDensity, type LaneGeometry } from './density-image';

/** Lanes are painted in slices of about this long… */
const SLICE_MS = 12;
/** …and of at most this many lanes: putting a slice's pixels costs what its rows hold. */
const SLICE_LANES = 8;

/** A lane's canvas and the host it shows. */
export interface PaintLane {
  canvas: HTMLCanvasElement;
  host: string;
}

/** What a canvas shows: the density, its hidden categories and its pixel size. */
interface Painted {
  density: Density | null;
  hidden: readonly TimelineCategory[];
  w: number;
  h: number;
}

export class SlicedPainter {
  #job = 0;
  #image: ImageData | null = null;
  #painted = new WeakMap<HTMLCanvasElement, Painted>();

  constructor(private readonly geometry: LaneGeometry) {}

  /**
   * Paints `density` on `lanes` (in their order), `width` CSS pixels wide, skipping the canvases
   * that show it already; sets `marker`'s data-drawn to the density's span once the last lane is
   * on screen, and each canvas's own data-drawn as it is painted.
   */
  draw(
    marker: HTMLElement,
    lanes: readonly PaintLane[],
    density: Density | null,
    hidden: readonly TimelineCategory[],
    width: number,
  ): void {
    const job = ++this.#job;
    const ratio = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(this.geometry.lane * ratio));
    const todo = lanes.filter(({ canvas }) => {
      const p = this.#painted.get(canvas);
      return !p || p.density !== density || p.hidden !== hidden || p.w !== w || p.h !== h;
    });
    let next = 0;
    const slice = () => {
      if (job !== this.#job) return;
      const started = performance.now();
      const first = next;
      while (
        next < todo.length &&
        next - first < SLICE_LANES &&
        (next === first || performance.now() - started < SLICE_MS)
      ) {
        const { canvas, host } = todo[next];
        // A lane scrolled away since is not painted: its canvas is gone.
        if (canvas.isConnected) this.#paintLane(canvas, w, h, ratio, host, density, hidden);
        next++;
      }
      if (next < todo.length) {
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
    canvas: HTMLCanvasElement,
    w: number,
    h: number,
    ratio: number,
    host: string,
    density: Density | null,
    hidden: readonly TimelineCategory[],
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    // Setting a canvas's size clears it: only when it changes, so the last view stays on screen
    // until the lane is painted again.
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    if (this.#image?.width !== w || this.#image.height !== h) {
      this.#image = ctx.createImageData(w, h);
    }
    paintDensity(this.#image, ratio, this.geometry, [host], density, CATEGORY_COLORS, hidden);
    ctx.putImageData(this.#image, 0, 0);
    this.#painted.set(canvas, { density, hidden, w, h });
    if (density) canvas.dataset.drawn = `${density.from}:${density.to}`;
    else delete canvas.dataset.drawn;
  }
}
