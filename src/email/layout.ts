import { type Child, h, type VNode } from './vdom.js';

/**
 * The frame every Hands-on email has: a title, the content, and a footer that says why the email
 * came and how to change that. Inline styles only: mail clients drop <style> blocks and never
 * load a stylesheet. No images or remote content, so opening an email tells nobody anything.
 */
export function emailLayout(props: {
  title: string;
  content: Child[];
  /** Why this email came and what to do about it. */
  footer: Child[];
  preferencesUrl?: string | undefined;
  unsubscribeUrl?: string | undefined;
}): VNode {
  return h(
    'html',
    { lang: 'en' },
    documentHead(props.title),
    h(
      'body',
      {
        style:
          'margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;line-height:1.5',
      },
      h(
        'div',
        { style: 'max-width:560px;margin:0 auto' },
        h('h1', { style: 'font-size:20px;margin:0 0 16px' }, props.title),
        ...props.content,
        h('hr', { style: 'border:none;border-top:1px solid #d0d7de;margin:24px 0 12px' }),
        h(
          'div',
          { style: 'font-size:13px;color:#59636e' },
          ...props.footer,
          props.preferencesUrl !== undefined &&
            h('p', null, h('a', { href: props.preferencesUrl }, 'Email preferences')),
          props.unsubscribeUrl !== undefined &&
            h('p', null, h('a', { href: props.unsubscribeUrl }, 'Unsubscribe')),
        ),
      ),
    ),
  );
}

/** The head of an email or of one of the small pages its links open. */
export function documentHead(title: string, ...more: Child[]): VNode {
  return h(
    'head',
    null,
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width' }),
    ...more,
    h('title', null, title),
  );
}

/** A heading and the blocks under it. */
export function section(title: string, ...blocks: Child[]): Child[] {
  return [h('h2', { style: 'font-size:16px;margin:20px 0 8px' }, title), ...blocks];
}
