/**
 * Where the active release is served (by the privileged side, cached by the service worker),
 * under the UI's own base: `/` on a terminal, the preview's path on the district server.
 */
export const MANIFEST_URL = `${import.meta.env.BASE_URL}content/manifest.json`;
export const FILES_PREFIX = `${import.meta.env.BASE_URL}content/files/`;
export const fileUrl = (sha256: string): string => `${FILES_PREFIX}${sha256}`;
