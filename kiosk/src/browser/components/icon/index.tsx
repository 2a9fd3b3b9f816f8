/**
 * The one way to show an icon: a lucide-preact icon (import each icon by name so the bundle
 * keeps only those used) at one of the design sizes, with the design stroke. Icons are
 * decorative: the text next to them is the accessible name.
 */
import type { LucideIcon } from 'lucide-preact';

export type IconSize = 'sm' | 'md' | 'lg' | 'xl';

export function Icon({ icon: Glyph, size = 'md' }: { icon: LucideIcon; size?: IconSize }) {
  // Size and stroke come from the tokens (--icon-*, --icon-stroke) through the class.
  return <Glyph class={`icon icon-${size}`} aria-hidden="true" focusable="false" />;
}
