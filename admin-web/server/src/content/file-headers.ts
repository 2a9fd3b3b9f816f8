import type { StoredFile } from './file-store.ts';
import { isUploadMediaType } from './media-sniff.ts';
import { MEDIA_EXTENSIONS } from './release-service.ts';

/**
 * A content file's answer never runs script on the server's origin, whatever its bytes (files
 * stored before uploads were checked included): a sandbox without scripts, nothing loaded but
 * the file itself, no sniffing into another type, no framing. Images and video show inline;
 * anything else (SVG, JSON) is only offered as a download.
 */
export const CONTENT_FILE_CSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; frame-ancestors 'none'";

export function contentFileHeaders(file: Pick<StoredFile, 'sha256' | 'mediaType'>): Record<string, string> {
  const extension = (MEDIA_EXTENSIONS as Record<string, string | undefined>)[file.mediaType] ?? 'bin';
  return {
    'content-security-policy': CONTENT_FILE_CSP,
    'x-content-type-options': 'nosniff',
    'content-disposition': `${isUploadMediaType(file.mediaType) ? 'inline' : 'attachment'}; filename="${file.sha256}.${extension}"`,
  };
}
