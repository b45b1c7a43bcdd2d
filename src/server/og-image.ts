import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublicSnapshot } from '../app/public-links/snapshot.js';
import { canonical } from './team/sharing.js';

/** The size link previews ask for (Open Graph, LinkedIn, X's large card). */
export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** Inside the 72 px margins: text is cut to this width rather than run off the image. */
const TEXT_WIDTH = OG_WIDTH - 2 * 72;

/** How many fields the image has room for; the page shows them all. */
const IMAGE_FIELDS = 4;

/**
 * A node of satori's input: its own React-like tree, built by hand so no JSX runtime is needed.
 * Every string in it comes from the snapshot or is one of the fixed words below.
 */
export interface OgNode {
  type: 'div';
  props: { style: Record<string, string | number>; children?: string | OgNode[] };
}

const div = (style: OgNode['props']['style'], children: string | OgNode[]): OgNode => ({
  type: 'div',
  props: { style, children },
});

export const OG_BRAND = 'Hands-on';

/** The image's content: the snapshot's title, kicker and first fields (label and first line). */
export function ogTree(s: PublicSnapshot): OgNode {
  const fields = s.fields.slice(0, IMAGE_FIELDS).map((f) =>
    div({ display: 'flex', flexDirection: 'column', marginTop: 16 }, [
      div({ fontSize: 22, color: '#59636e' }, f.label),
      // One line each, cut with an ellipsis: four fields always fit, and the page has the rest.
      div(
        {
          display: 'block',
          width: TEXT_WIDTH,
          fontSize: 30,
          fontWeight: 700,
          color: '#1f2328',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        },
        f.lines[0] ?? '',
      ),
    ]),
  );
  return div(
    {
      display: 'flex',
      flexDirection: 'column',
      width: '100%',
      height: '100%',
      padding: '44px 72px',
      backgroundColor: '#ffffff',
      borderTop: '16px solid #1a7f37',
      fontFamily: 'DejaVu Sans',
    },
    [
      div({ display: 'flex', justifyContent: 'space-between', width: TEXT_WIDTH, fontSize: 26 }, [
        div({ color: '#1a7f37' }, s.kicker),
        div({ color: '#59636e' }, OG_BRAND),
      ]),
      div(
        {
          display: 'block',
          width: TEXT_WIDTH,
          fontSize: 46,
          fontWeight: 700,
          color: '#1f2328',
          marginTop: 6,
          lineClamp: 2,
        },
        s.title,
      ),
      div({ display: 'flex', flexDirection: 'column' }, fields),
    ],
  );
}

/** Every text in the tree, in order: what the image can show. */
export function ogTexts(node: OgNode): string[] {
  const c = node.props.children;
  if (c === undefined) return [];
  return typeof c === 'string' ? [c] : c.flatMap(ogTexts);
}

/** The repository's assets folder: beside src/ in a checkout, beside dist/ once built. */
function assetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'assets', 'fonts', 'DejaVuSans.ttf'))) return join(dir, 'assets');
    const up = dirname(dir);
    if (up === dir) throw new Error('assets/fonts/DejaVuSans.ttf was not found above this module');
    dir = up;
  }
}

type Renderer = (tree: OgNode) => Promise<Buffer>;
let renderer: Promise<Renderer> | undefined;

/**
 * satori lays out and writes the SVG; resvg rasterises it. Both load once, on the first image:
 * the server starts without them and the CLI never loads them. Fonts are TTF shipped in the
 * repository (satori reads TTF/OTF/WOFF, not WOFF2), and resvg is told to use no system font, so
 * the image is the same on every machine.
 */
function loadRenderer(): Promise<Renderer> {
  renderer ??= (async () => {
    const [{ default: satori }, { Resvg }] = await Promise.all([import('satori'), import('@resvg/resvg-js')]);
    const fonts = join(assetsDir(), 'fonts');
    const [regular, bold] = await Promise.all([
      readFile(join(fonts, 'DejaVuSans.ttf')),
      readFile(join(fonts, 'DejaVuSans-Bold.ttf')),
    ]);
    const options = {
      width: OG_WIDTH,
      height: OG_HEIGHT,
      fonts: [
        { name: 'DejaVu Sans', data: regular, weight: 400 as const, style: 'normal' as const },
        { name: 'DejaVu Sans', data: bold, weight: 700 as const, style: 'normal' as const },
      ],
    };
    return async (tree: OgNode) => {
      const svg = await satori(tree as unknown as Parameters<typeof satori>[0], options);
      return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } })
        .render()
        .asPng();
    };
  })();
  renderer.catch(() => {
    renderer = undefined;
  });
  return renderer;
}

/** Renders the image of a snapshot, without a cache. */
export async function renderOgImage(snapshot: PublicSnapshot): Promise<Buffer> {
  return (await loadRenderer())(ogTree(snapshot));
}

/**
 * Images by snapshot: a snapshot is frozen, so its image never changes, and a link shared in a
 * busy channel is fetched by many previewers at once. Keyed by the snapshot's content (not the
 * link), and checked only after the link was found live, so a revoked link's image is not served.
 */
export function ogImageCache(max = 64) {
  const images = new Map<string, Promise<Buffer>>();
  return async (snapshot: PublicSnapshot): Promise<Buffer> => {
    const key = createHash('sha256').update(canonical(snapshot)).digest('hex');
    let image = images.get(key);
    if (image === undefined) {
      image = renderOgImage(snapshot);
      images.set(key, image);
      image.catch(() => images.delete(key));
      // Oldest first out: a Map iterates in insertion order.
      if (images.size > max) images.delete(images.keys().next().value!);
    }
    return image;
  };
}
