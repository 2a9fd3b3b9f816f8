/** Where the active release is served (by the privileged side, cached by the service worker). */
export const MANIFEST_URL = '/content/manifest.json';
export const FILES_PREFIX = '/content/files/';
export const fileUrl = (sha256: string): string => `${FILES_PREFIX}${sha256}`;
