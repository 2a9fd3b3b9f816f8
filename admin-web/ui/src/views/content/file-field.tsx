/**
 * A picture or video in the content, by the sha256 of its uploaded file: the current one shown
 * (pictures as a thumbnail), a new one uploaded with a progress bar, the hash set when done.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { CONTENT_PATHS } from '@civic-kiosk/protocol/content-manifest';
import { t } from '../../i18n/index.ts';
import { pathKey } from './schema-form.ts';
import type { Path } from './schema-form.ts';
import type { FormContext } from './form.tsx';

/** Uploads a file, reporting progress 0..1; resolves to its sha256. */
export type Upload = (file: File, onProgress: (fraction: number) => void) => Promise<string>;

const IMAGES = 'image/png,image/jpeg,image/webp';
const VIDEOS = 'video/mp4,video/webm';

type Props = { value: unknown; path: Path; label: string; ctx: FormContext; parent?: unknown };

export function FileField({ value, path, label, ctx, parent }: Props): JSX.Element {
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [failure, setFailure] = useState('');
  const hash = typeof value === 'string' ? value : '';
  const video = (parent as { kind?: unknown } | undefined)?.kind === 'video';
  const id = `cf-${path.join('-')}`;
  const errors = ctx.errors.get(pathKey(path));
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setFailure('');
    setProgress(0);
    try {
      ctx.change(path, await ctx.upload(file, setProgress));
    } catch (e) {
      setFailure(t('content.uploadFailed', { message: (e as Error).message }));
      setProgress(undefined);
    }
    input.value = '';
  };
  return (
    <div class="field file">
      <span class="file-label" id={`${id}-label`}>
        {label}
      </span>
      <div class="file-current">
        {hash && !video && <img src={CONTENT_PATHS.file(hash)} alt="" />}
        <code>{hash ? hash.slice(0, 12) : t('content.noFile')}</code>
      </div>
      {!ctx.readOnly && (
        <label class="upload">
          {video ? t('content.uploadVideo', { field: label }) : t('content.uploadImage', { field: label })}
          <input type="file" accept={video ? VIDEOS : IMAGES} onChange={(e) => void pick(e.currentTarget)} />
        </label>
      )}
      {progress !== undefined && (
        <div class="upload-progress">
          <progress max={1} value={progress} aria-label={t('content.uploadProgress', { field: label })} />
          <span role="status">{progress >= 1 ? t('content.uploaded') : t('content.uploading', { percent: Math.round(progress * 100) })}</span>
        </div>
      )}
      {failure && (
        <p role="alert" class="field-error">
          {failure}
        </p>
      )}
      {errors && <p class="field-error">{errors.join(' ')}</p>}
    </div>
  );
}
