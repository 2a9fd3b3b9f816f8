/** Structured content blocks as native elements; content never carries markup. */
import type { ContentBlock } from '@civic-kiosk/protocol/content';
import { fileUrl } from '../../content/urls.ts';
import type { Lang } from '../../i18n/index.ts';

export function Blocks({ blocks, lang }: { blocks: readonly ContentBlock[]; lang: Lang }) {
  return (
    <div class="blocks">
      {blocks.map((b, i) => (
        <Block key={i} block={b} lang={lang} />
      ))}
    </div>
  );
}

function Block({ block: b, lang }: { block: ContentBlock; lang: Lang }) {
  switch (b.type) {
    case 'heading':
      return b.level === 2 ? <h2>{b.text[lang]}</h2> : <h3>{b.text[lang]}</h3>;
    case 'paragraph':
      return <p>{b.text[lang]}</p>;
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{item[lang]}</li>);
      return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table':
      return (
        <table>
          <thead>
            <tr>
              {b.header.map((h, i) => (
                <th key={i} scope="col">
                  {h[lang]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{cell[lang]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'image':
      return (
        <figure>
          <img src={fileUrl(b.file)} alt={b.alt[lang]} />
          {b.caption && <figcaption>{b.caption[lang]}</figcaption>}
        </figure>
      );
  }
}
