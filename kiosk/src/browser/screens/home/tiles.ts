/** The service tiles on the home screen, in order. Each opens a route of screens/registry.ts. */
export interface Tile {
  route: string;
  /** Icon glyph; decorative, the label is the accessible name. */
  icon: string;
  /** Services that need the district server say so when the terminal is offline. */
  needsNetwork: boolean;
}

export const TILES: readonly Tile[] = [
  { route: 'bills', icon: '¥', needsNetwork: true },
  { route: 'social-security', icon: '◈', needsNetwork: true },
  { route: 'residence-permit', icon: '▣', needsNetwork: true },
  { route: 'mailbox', icon: '✉', needsNetwork: true },
  { route: 'guides', icon: '☰', needsNetwork: false },
  { route: 'disclosure', icon: '▤', needsNetwork: false },
  { route: 'hotlines', icon: '☎', needsNetwork: false },
  { route: 'notices', icon: '❖', needsNetwork: false },
  { route: 'map', icon: '◎', needsNetwork: false },
];
