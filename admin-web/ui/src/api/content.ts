/** The content studio's calls: drafts, the content in force, releases, the rollout, uploads. */
import type { ContentType } from '@civic-kiosk/protocol/content';
import { ContentInForce, DraftSaved, DraftsAnswer, ReleaseList, ReleaseSummary, Rollout, UploadedFile } from '@civic-kiosk/protocol/content-studio';
import type { PublishRequest } from '@civic-kiosk/protocol/content-studio';
import { ApiErrorBody } from '@civic-kiosk/protocol/staff-api';
import { ApiError } from './client.ts';
import type { ApiClient } from './client.ts';

const BASE = '/api/staff/content';

export const drafts = (api: ApiClient) => api.call('GET', `${BASE}/drafts`, DraftsAnswer);
export const saveDraft = (api: ApiClient, type: ContentType, content: unknown) => api.call('PUT', `${BASE}/drafts/${type}`, DraftSaved, content);
export const contentInForce = (api: ApiClient) => api.call('GET', `${BASE}/in-force`, ContentInForce);
export const releases = (api: ApiClient) => api.call('GET', `${BASE}/releases`, ReleaseList);
export const publish = (api: ApiClient, request: PublishRequest) => api.call('POST', `${BASE}/releases`, ReleaseSummary, request);
/** Roll back: the release's files published again as the newest release, to its own groups. */
export const republish = (api: ApiClient, releaseId: string) => api.call('POST', `${BASE}/releases/${encodeURIComponent(releaseId)}/republish`, ReleaseSummary, {});
export const rollout = (api: ApiClient) => api.call('GET', `${BASE}/rollout`, Rollout);

/**
 * Uploads a picture or video as the server wants it (raw bytes, its type in the query) through
 * XMLHttpRequest, whose upload progress fetch does not report; `onProgress` gets 0..1.
 */
export function uploadFile(api: ApiClient, file: Blob, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}/files?type=${encodeURIComponent(file.type)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(api.csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server cannot be reached'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = UploadedFile.safeParse(json);
        if (parsed.success) {
          onProgress(1);
          return resolve(parsed.data);
        }
        return reject(new ApiError(xhr.status, 'bad-response', 'Unexpected answer to the upload'));
      }
      const error = ApiErrorBody.safeParse(json);
      reject(error.success ? new ApiError(xhr.status, error.data.error.code, error.data.error.message) : new ApiError(xhr.status, 'http-error', `HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
}
