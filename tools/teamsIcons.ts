/**
 * Draws the Teams app icons (committed in teams/): a 192×192 colour icon (a white payment card with a
 * check mark on the brand blue) and a 32×32 outline icon (the same card, white on transparent), as
 * Teams asks for. Run with `npx ts-node --transpile-only tools/teamsIcons.ts` after changing the design.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];
const BLUE: Rgba = [0x0b, 0x5c, 0xab, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function canvas(size: number, fill: Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set(fill, i * 4);
  return png;
}

function rect(png: PNG, x0: number, y0: number, x1: number, y1: number, color: Rgba, radius = 0): void {
  for (let y = Math.floor(y0); y < y1; y++) {
    for (let x = Math.floor(x0); x < x1; x++) {
      const dx = Math.max(x0 + radius - x - 0.5, 0, x + 0.5 - (x1 - radius));
      const dy = Math.max(y0 + radius - y - 0.5, 0, y + 0.5 - (y1 - radius));
      if (radius && dx * dx + dy * dy > radius * radius) continue;
      png.data.set(color, (y * png.width + x) * 4);
    }
  }
}

/** A thick line from (x0,y0) to (x1,y1). */
function line(png: PNG, x0: number, y0: number, x1: number, y1: number, width: number, color: Rgba): void {
  const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2);
  for (let i = 0; i <= steps; i++) {
    const x = x0 + ((x1 - x0) * i) / steps;
    const y = y0 + ((y1 - y0) * i) / steps;
    rect(png, x - width / 2, y - width / 2, x + width / 2, y + width / 2, color);
  }
}

function colorIcon(): PNG {
  const png = canvas(192, BLUE);
  rect(png, 36, 56, 156, 136, WHITE, 12); // the card
  rect(png, 36, 72, 156, 88, BLUE); // its magnetic stripe
  line(png, 104, 112, 116, 124, 7, BLUE); // a check mark on the card
  line(png, 116, 124, 140, 100, 7, BLUE);
  return png;
}

function outlineIcon(): PNG {
  const png = canvas(32, CLEAR);
  rect(png, 4, 8, 28, 24, WHITE, 2);
  rect(png, 6, 10, 26, 22, CLEAR);
  rect(png, 4, 12, 28, 14, WHITE); // the stripe
  return png;
}

const dir = path.join(__dirname, '..', 'teams');
fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(colorIcon()));
fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outlineIcon()));
console.log(`icons written to ${dir}`);
