// Builds the portal's icon font: the Material Symbols (Outlined) font cut down to the icons the portal's
// sources name, with its variation axes pinned to the one style the portal shows. Run at build time
// (`nx run portal:icons`, a dependency of the portal's build and serve), so an icon added to any template or
// component is in the font without anyone keeping a list.
//
// How icons are found: every quoted string and every text node in apps/portal/src (*.html, *.ts) that is the
// name of a Material Symbol. That covers `<mat-icon>home</mat-icon>`, `{{ open ? 'expand_less' : 'expand_more' }}`
// and `icon: 'event'` in a component's table alike; an ordinary word that happens to be an icon name only costs
// a few hundred bytes.
//
// How the font is cut: Material Symbols draws an icon as a ligature of its name's letters. Keeping the letters
// alone would keep every ligature made of them (harfbuzz's layout closure), so the subset keeps the letters plus
// each wanted icon's own code point and turns the closure off: ligatures whose glyph is not kept are dropped.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { Blob, Buffer, Face, Font, shape } from 'harfbuzzjs';
import fontverter from 'fontverter';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const sourceDir = join(root, 'apps/portal/src');
const outFile = resolve(root, process.argv[2] ?? 'apps/portal/src/generated/material-symbols-subset.woff2');
const fontFile = require.resolve('material-symbols/material-symbols-outlined.woff2');
// The single style styles.scss asks for (font-variation-settings on .material-symbols-outlined).
const AXES = { FILL: 0, wght: 400, GRAD: 0, opsz: 24 };

/** Every Material Symbol name the package knows (its index.d.ts lists them). */
function knownIcons() {
  const typings = readFileSync(require.resolve('material-symbols/index.d.ts'), 'utf8');
  return new Set([...typings.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]));
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'generated') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(html|ts)$/.test(name) && !/\.spec\.ts$/.test(name)) yield path;
  }
}

/** Icon names the sources use: quoted strings and text between tags that are Material Symbol names. */
export function iconsUsed(files, known) {
  const used = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`]([a-z0-9_]+)['"`]|>\s*([a-z0-9_]+)\s*</g)) {
      const name = m[1] ?? m[2];
      if (known.has(name)) used.add(name);
    }
  }
  return [...used].sort();
}

async function main() {
  const known = knownIcons();
  const icons = iconsUsed([...sourceFiles(sourceDir)], known);
  const original = readFileSync(fontFile);
  const ttf = await fontverter.convert(original, 'truetype');

  // glyph id → its private-use code point, then each icon name → the glyph its ligature makes.
  const face = new Face(new Blob(ttf));
  const font = new Font(face);
  const glyphOf = (codePoints) => {
    const buffer = new Buffer();
    buffer.addCodePoints(codePoints);
    buffer.guessSegmentProperties();
    shape(font, buffer);
    return buffer.getGlyphInfos().map((g) => g.codepoint);
  };
  const codePointOfGlyph = new Map();
  for (const cp of Array.from(face.collectUnicodes())) {
    if (cp < 0xe000) continue;
    const [glyph] = glyphOf([cp]);
    if (!codePointOfGlyph.has(glyph)) codePointOfGlyph.set(glyph, cp);
  }
  const missing = [];
  let text = 'abcdefghijklmnopqrstuvwxyz0123456789_ ';
  for (const name of icons) {
    const glyphs = glyphOf([...name].map((c) => c.codePointAt(0)));
    const cp = glyphs.length === 1 ? codePointOfGlyph.get(glyphs[0]) : undefined;
    if (cp === undefined) missing.push(name);
    else text += String.fromCodePoint(cp);
  }
  if (missing.length) throw new Error(`No ligature glyph found for: ${missing.join(', ')}`);

  const subset = await subsetFont(original, text, { targetFormat: 'woff2', noLayoutClosure: true, variationAxes: AXES });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, subset);
  process.stdout.write(
    `icon font: ${icons.length} icons, ${(subset.length / 1024).toFixed(1)} kB (from ${(original.length / 1024).toFixed(0)} kB) → ${relative(root, outFile)}\n`,
  );
}

if (process.argv[1] === import.meta.filename) await main();
