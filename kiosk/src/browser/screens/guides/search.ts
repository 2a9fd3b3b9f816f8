/**
 * Service guide search: every word of the query must occur (case-insensitive substring) in the
 * guide's matter, department, keywords or eligibility, in either language, so a person can
 * type Chinese or English whatever the screen language. Chinese needs no word splitting: a
 * substring of the characters matches.
 */
import type { ServiceGuide } from '@civic-kiosk/protocol/content';

function haystack(g: ServiceGuide): string {
  return [
    g.matter['zh-CN'],
    g.matter.en,
    g.department['zh-CN'],
    g.department.en,
    ...g.keywords['zh-CN'],
    ...g.keywords.en,
    g.eligibility['zh-CN'],
    g.eligibility.en,
  ]
    .join('\n')
    .toLowerCase();
}

export function searchGuides(guides: readonly ServiceGuide[], query: string, category?: string): ServiceGuide[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return guides.filter((g) => (!category || g.category === category) && words.every((w) => haystack(g).includes(w)));
}
