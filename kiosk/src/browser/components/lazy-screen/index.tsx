/** Renders a screen whose code loads on first use (information, staff and enrolment screens). */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from '../../screens/registry.ts';
import { useT } from '../../state/context.ts';

const loaded = new Map<string, ComponentType<ScreenProps>>();

export interface LazyScreenProps {
  /** Cache key: one per screen. */
  id: string;
  load: () => Promise<{ default: ComponentType<ScreenProps> }>;
  params?: Readonly<Record<string, string>>;
}

export function LazyScreen({ id, load, params }: LazyScreenProps) {
  const { t } = useT();
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const Component = loaded.get(id);
  useEffect(() => {
    if (Component) return;
    let live = true;
    load()
      .then((m) => {
        loaded.set(id, m.default);
        if (live) setVersion((v) => v + 1);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [Component, id, load]);
  if (Component) return <Component params={params ?? {}} />;
  return (
    <main class="loading">
      <h1 role="status">{failed ? t('error.screen') : t('loading')}</h1>
    </main>
  );
}
