// A worker thread loads TypeScript only once tsx is registered in it.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
