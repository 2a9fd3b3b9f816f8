/**
 * What every kiosk screen must keep, measured in the page at 1080x1920 portrait:
 *   - reach: every control lies below the top third (the top is for titles and information) and
 *     is at least 80px in both dimensions (60px is the floor, even on the allow-list);
 *   - elderly mode: text at 30px or more and text-to-background contrast of 7:1 or more;
 *   - elderly mode: the screen spoke a summary of itself when it was entered.
 * Used by the screen suites' `check` and by screen-layout.test.ts for the other screens.
 */
import type { Page } from 'playwright-core';
import type { FakeBridgeControl } from './fake-bridge.ts';

export const TARGET_PX = 80;
export const FLOOR_PX = 60;

/** Controls that may break the reach rules, each with why. Matched with `Element.matches`. */
export const REACH_ALLOWED: readonly { selector: string; rules: readonly ('reach' | 'size')[]; reason: string }[] = [
  { selector: '[data-testid="attract"]', rules: ['reach'], reason: 'the whole attract screen is one touch target: a touch anywhere starts a session' },
  { selector: 'main.screen-body', rules: ['reach'], reason: 'the scrolled body is focusable so keyboard users can scroll it; it is not a touch target' },
];

/** Controls outside the reach zone or too small, one line each (empty = none). */
export async function reachProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    ([allowed, target, floor]) => {
      const CONTROLS = 'button, a[href], input, select, textarea, [role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="tab"], [role="switch"], [role="option"], [tabindex]:not([tabindex="-1"])';
      // Measure at rest: a control scrolled up out of its body would show at the body's top.
      const scrolled = Array.from(document.querySelectorAll<HTMLElement>('*')).filter((el) => el.scrollTop > 0);
      const kept = scrolled.map((el) => el.scrollTop);
      for (const el of scrolled) el.scrollTop = 0;
      const line = window.innerHeight / 3;
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement | SVGElement>(CONTROLS))) {
        const r = el.getBoundingClientRect();
        if (!el.getClientRects().length || r.width === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('[hidden], [inert]')) continue;
        const exempt = (rule: 'reach' | 'size') => allowed.some((a) => a.rules.includes(rule) && el.matches(a.selector));
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 24)}"`;
        if (r.top < line - 0.5 && !exempt('reach')) out.push(`${name} top ${Math.round(r.top)}px is above the reach zone (${Math.round(line)}px)`);
        const small = Math.min(r.width, r.height);
        if (small < floor || (small < target && !exempt('size'))) out.push(`${name} is ${Math.round(r.width)}x${Math.round(r.height)}px (at least ${target}px)`);
      }
      scrolled.forEach((el, i) => (el.scrollTop = kept[i]!));
      return out;
    },
    [REACH_ALLOWED, TARGET_PX, FLOOR_PX] as const,
  );
}

/** In elderly mode: text under 30px, or text against its background under 7:1, one line each. */
export async function elderlyProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r, g, b, a = '1'] = m[1]!.split(/[\s,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    /** The solid colour behind an element; null over an image or gradient (not measurable here). */
    const background = (el: Element): Rgba | null => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') return null;
        const c = parse(s.backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] >= 1) break;
        }
      }
      return layers.reduceRight<Rgba>((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    /** SVG text over a filled shape drawn before it (a map marker's number on its disc). */
    const shapeBehind = (text: SVGTextElement): Rgba | null => {
      const box = text.getBoundingClientRect();
      for (let e = text.previousElementSibling; e; e = e.previousElementSibling) {
        const r = e.getBoundingClientRect();
        const fill = parse(getComputedStyle(e).fill);
        if (fill && fill[3] > 0 && r.left <= box.left && r.right >= box.right && r.top <= box.top && r.bottom >= box.bottom) return over(fill, background(e) ?? [255, 255, 255, 1]);
      }
      return null;
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<Element>('body *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!own || !el.getClientRects().length || el.closest('.visually-hidden, [hidden]')) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden') continue;
      const text = `"${el.textContent!.trim().slice(0, 24)}"`;
      // SVG text is drawn in the drawing's units: its size on screen is scaled (and maybe turned) by the drawing.
      const m = el instanceof SVGGraphicsElement ? el.getScreenCTM() : null;
      const scale = m ? Math.hypot(m.a, m.b) : 1;
      const px = parseFloat(s.fontSize) * scale;
      if (px < 29.5) out.push(`${text} is ${px.toFixed(1)}px (at least 30px)`);
      // Controls that cannot act are exempt from contrast (WCAG 1.4.3).
      if (el.closest(':disabled, [aria-disabled="true"]')) continue;
      const bg = el instanceof SVGTextElement ? (shapeBehind(el) ?? background(el)) : background(el);
      const fg = parse(el instanceof SVGElement ? s.fill : s.color);
      if (!bg || !fg) continue;
      const [hi, lo] = [luminance(over(fg, bg)), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 7) out.push(`${text} has contrast ${ratio.toFixed(2)}:1 (at least 7:1)`);
    }
    return out;
  });
}

const heard = new WeakMap<Page, number>();

/**
 * In elderly mode: what the screen on show said when it was entered, or why it said nothing.
 * Each call looks only at utterances since the previous call for the page (the fake bridge
 * records them, test/support/fake-bridge.ts), so each screen must speak for itself.
 */
export async function spokenSummaryProblem(page: Page, lang: string): Promise<string | null> {
  const from = heard.get(page) ?? 0;
  const read = () =>
    page.evaluate(() => ({
      spoken: (window as unknown as { __kioskFake: FakeBridgeControl }).__kioskFake.spoken,
      title: (document.querySelector('[role="alertdialog"] h2') ?? document.querySelector('#screen-title, h1'))?.textContent ?? '',
    }));
  // A screen speaks once it has rendered (an effect), which may trail its heading a little.
  let seen = await read();
  for (let waited = 0; waited < 3_000 && seen.spoken.at(-1)?.title !== seen.title; waited += 100) {
    await page.waitForTimeout(100);
    seen = await read();
  }
  const { spoken, title } = seen;
  const since = spoken.slice(from);
  heard.set(page, spoken.length);
  const last = since.at(-1);
  if (!last) return `"${title}" said nothing when it was entered`;
  if (last.lang !== lang) return `"${title}" spoke in ${last.lang}, not ${lang}`;
  if (!last.text.trim() || /^speech\./.test(last.text)) return `"${title}" spoke "${last.text}" (no summary)`;
  if (last.title !== title) return `the last words ("${last.text.slice(0, 30)}") were spoken on "${last.title}", not on "${title}"`;
  return null;
}
