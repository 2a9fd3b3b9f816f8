/** The start of one real file of each uploadable type, and an SVG that runs script when opened. */
const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

export const MEDIA_SAMPLES = {
  // A 1x1 PNG.
  'image/png': hex('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0d9b50000000049454e44ae426082'),
  // JFIF APP0 segment, then the end-of-image marker.
  'image/jpeg': hex('ffd8ffe000104a46494600010100000100010000 ffd9'),
  // RIFF container, WEBP form, a VP8L chunk.
  'image/webp': hex('52494646 1a000000 57454250 5650384c 0d000000 2f000000 10071011118888fe07 00'),
  // ISO BMFF: `ftyp` box (isom, iso2, mp41), then an empty `free` box.
  'video/mp4': hex('0000001c 66747970 69736f6d 00000200 69736f6d 69736f32 6d703431 00000008 66726565'),
  // EBML header with DocType "webm", then the start of a Segment of unknown size.
  'video/webm': hex('1a45dfa3 9f 4286 81 01 42f7 81 01 42f2 81 04 42f3 81 08 4282 84 7765626d 4287 81 04 4285 81 02 18538067 01ffffffffffffff'),
} as const;

/** An SVG whose script, if it ran on the server's origin, would make its viewer create an admin. */
export const SCRIPTED_SVG = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>
document.documentElement.setAttribute('data-script-ran', 'yes');
fetch('/api/staff/me').then((r) => r.json()).then((me) => fetch('/api/staff/users', {
  method: 'POST',
  headers: { 'content-type': 'application/json', [me.csrfHeader]: me.csrfToken },
  body: JSON.stringify({ username: 'intruder', password: 'intruder-password-123', role: 'admin' }),
}));
</script>
<rect width="10" height="10" fill="red"/>
</svg>`);
