/**
 * A modal dialog on the browser's own <dialog>: focus moves in and is kept there, Escape
 * closes it, and the page behind is inert. Named by its heading (`title`).
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let next = 0;

export function Dialog({ title, onClose, children, class: className }: { title: string; onClose(): void; children: ComponentChildren; class?: string }): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dialog-${++next}`).current;
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={className}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}
