// Preact for the email templates. Its types are in vdom.d.ts beside this file: see there why.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';

export { h, renderToString };
