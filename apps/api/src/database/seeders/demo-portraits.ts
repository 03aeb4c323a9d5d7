import { Avatar, Style } from '@dicebear/core';
import avataaars from '@dicebear/styles/avataaars.json';

/**
 * Demo doctors' portraits, drawn at seed time from DiceBear's "Avataaars" style (Pablo Stanley, free for personal
 * and commercial use; the SVG carries its attribution) — offline, and the same picture for the same doctor on
 * every run. Each doctor's look is chosen in demo-data.ts so that no two look alike; the rest (eyes, brows,
 * mouth among friendly ones) follows from the seed.
 */
const style = new Style(avataaars);

type Options = NonNullable<ConstructorParameters<typeof Avatar<typeof style>>[1]>;
type VariantOf<K extends keyof Options> = Extract<NonNullable<Options[K]>, string>;

export interface PortraitLook {
  top: VariantOf<'topVariant'>;
  clothes: VariantOf<'clothesVariant'>;
  facialHair?: VariantOf<'facialHairVariant'>;
  glasses?: VariantOf<'accessoriesVariant'>;
  /** Colours as `#rrggbb`; skin, hair and clothes from the style's own palettes. */
  skin: string;
  hair: string;
  clothesColor: string;
  background: string;
}

/** The portrait as SVG text: a square picture with its own background, for a round frame. */
export function demoPortrait(seed: string, look: PortraitLook): string {
  return new Avatar(style, {
    seed,
    size: 256,
    topVariant: look.top,
    hairColor: look.hair,
    skinColor: look.skin,
    facialHairVariant: look.facialHair ?? 'beardLight',
    facialHairProbability: look.facialHair ? 100 : 0,
    facialHairColor: look.hair,
    accessoriesVariant: look.glasses ?? 'round',
    accessoriesProbability: look.glasses ? 100 : 0,
    accessoriesColor: '#262e33',
    clothesVariant: look.clothes,
    clothesColor: look.clothesColor,
    eyesVariant: ['default', 'happy'],
    eyebrowsVariant: ['default', 'defaultNatural'],
    mouthVariant: ['smile', 'default', 'twinkle'],
    backgroundColor: look.background,
  }).toString();
}
