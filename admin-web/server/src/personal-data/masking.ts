/** How personal data is shown where it must be shown at all: on screens, receipts, statements. */

/** `张丽华` → `张*华`, `王强` → `王*`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `310115198503122042` → `3101**********2042`. */
export function maskCitizenId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
