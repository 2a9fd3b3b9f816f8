import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';

export interface Loaded<T> {
  /** The latest answer for the asked query; undefined while the first one loads. */
  data: ReadonlySignal<T | undefined>;
  error: ReadonlySignal<string>;
  busy: ReadonlySignal<boolean>;
}

/**
 * Loads a report whenever its query (`key`, the query string) changes. An answer to an earlier
 * query that arrives late is dropped, so quick filter changes never show the wrong figures.
 */
export function useReport<T>(key: string | undefined, load: () => Promise<T>): Loaded<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal('');
  const busy = useSignal(false);
  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    busy.value = true;
    load().then(
      (answer) => {
        if (!current) return;
        data.value = answer;
        error.value = '';
        busy.value = false;
      },
      (e: Error) => {
        if (!current) return;
        error.value = e.message;
        busy.value = false;
      },
    );
    return () => {
      current = false;
    };
  }, [key]);
  return { data, error, busy };
}
