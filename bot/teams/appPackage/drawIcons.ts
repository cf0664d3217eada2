import { PNG } from 'pngjs';

/** Teams' icon sizes: the colour icon 192×192, the outline icon 32×32 (white on transparent). */
export const ICON_SIZES = { color: 192, outline: 32 } as const;
/** The app's accent colour (also `accentColor` in the manifest): a deep union red. */
export const ACCENT = { r: 0xb0, g: 0x15, b: 0x2c } as const;

type Inside = (x: number, y: number) => boolean;

/** Subsamples per pixel side; 4×4 gives smooth enough edges at 32 px. */
const SAMPLES = 4;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Inside {
  return (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Inside {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const s1 = side(ax, ay, bx, by, x, y);
    const s2 = side(bx, by, cx, cy, x, y);
    const s3 = side(cx, cy, ax, ay, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
}

/** A horizontal stroke with round caps. */
function stroke(x0: number, x1: number, y: number, width: number): Inside {
  const r = width / 2;
  return (x, py) => {
    const cx = Math.min(Math.max(x, x0), x1);
    return (x - cx) ** 2 + (py - y) ** 2 <= r * r;
  };
}

const union = (...shapes: Inside[]): Inside => (x, y) => shapes.some((s) => s(x, y));

/** Share (0–1) of a pixel covered by a shape. */
function coverage(shape: Inside, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits++;
  }
  return hits / (SAMPLES * SAMPLES);
}

/**
 * The symbol, a speech bubble holding three lines of text, drawn on a 32-unit grid so that the
 * 32 px outline icon has crisp edges; larger sizes scale it.
 */
function symbol(size: number) {
  const s = (v: number) => (v / 32) * size;
  const bubble = union(roundedRect(s(5), s(6), s(27), s(21), s(2.5)), triangle(s(8), s(20.5), s(8), s(27), s(14.5), s(20.5)));
  const lines = union(stroke(s(10), s(22), s(11), s(2)), stroke(s(10), s(22), s(14), s(2)), stroke(s(10), s(17), s(17), s(2)));
  return { bubble, lines };
}

/** The colour icon: a white speech bubble with red text lines on a full-bleed red square. */
export function drawColorIcon(size: number = ICON_SIZES.color): Buffer {
  const png = new PNG({ width: size, height: size });
  // Teams keeps the symbol inside the middle of the tile; scale it to about two thirds.
  const inset = size / 6;
  const { bubble, lines } = symbol(size - 2 * inset);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage((px, py) => bubble(px - inset, py - inset) && !lines(px - inset, py - inset), x, y);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * white);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * white);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * white);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The outline icon: the same bubble in white, its text lines cut out, on a transparent background. */
export function drawOutlineIcon(size: number = ICON_SIZES.outline): Buffer {
  const png = new PNG({ width: size, height: size });
  const { bubble, lines } = symbol(size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = coverage((px, py) => bubble(px, py) && !lines(px, py), x, y);
      const i = (y * size + x) * 4;
      // Only white and transparency: Teams recolours the outline icon and rejects other colours.
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png);
}
