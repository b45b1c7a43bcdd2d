import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

// `handson remote add` prints `/device?code=…`, an address to type or paste; the app's routes live
// in the hash, so the page moves there (and a sign-in on the way keeps it).
if (location.pathname === '/device') history.replaceState(null, '', `/#/device${location.search}`);

render(<App />, document.getElementById('app')!);
