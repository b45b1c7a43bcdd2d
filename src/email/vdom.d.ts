/**
 * The part of Preact the email templates use, typed here instead of by Preact's own types: those
 * declare the browser's DOM (`/// <reference lib="dom" />` in preact/src/jsx.d.ts), and in one
 * TypeScript program that makes `document`, `window` and the DOM's FormData and Blob look present
 * in all of Hands-on's Node code (it broke the type-check of src/server). TypeScript reads this file
 * for `./vdom.js` and never follows the module's own imports; esbuild and vitest run the module.
 */

/** A node of the tree; only `renderToString` looks inside. */
export interface VNode {
  readonly type: unknown;
  readonly props: unknown;
}

export type Child = VNode | string | number | false | null | undefined | readonly Child[];

/** Attribute values are escaped by the renderer; attributes named on… (event handlers) are dropped. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

export function h(tag: string, attributes: Attributes | null, ...children: Child[]): VNode;

/** HTML, with every text and attribute value escaped (`&`, `<`, `"`). */
export function renderToString(node: VNode): string;
