/** Entry of the admin console: find the session, then render. */
import { render } from 'preact';
import { createConsole } from './state/session.ts';
import { App } from './views/app.tsx';
import './styles.css';

const app = createConsole();
render(<App app={app} />, document.getElementById('root')!);
void app.start();
