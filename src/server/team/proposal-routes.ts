import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { ReasonQuestionSchema, ReasonSchema } from '../../domain/records.js';
import { AppError } from '../../errors.js';
import { body } from './body.js';
import type { Account } from './directory.js';
import type { TeamProposals } from './proposals.js';
import type { RouteSpecs } from './route-spec.js';

type Env = { Variables: { account: Account; token: string } };

// The same limits as a leader's own reason, so an adopted proposal is a reason like any other.
const { kind, title } = ReasonSchema.shape;
const question = ReasonQuestionSchema.shape.text;
const signal = ReasonSchema.shape.signals.element;
const id = (what: string) => z.string().trim().min(1, `expected ${what}`).max(100);
const commentBody = z
  .string()
  .trim()
  .min(1, 'expected a comment')
  .max(5000, 'expected at most 5,000 characters');

const Propose = z.object({
  kind,
  title,
  summary: z
    .string()
    .trim()
    .min(1, 'expected a sentence saying what the reason is')
    .max(300, 'expected at most 300 characters'),
  signals: z.array(signal).max(6, 'expected at most 6 signals').default([]),
  questions: z.array(question).max(6, 'expected at most 6 questions').default([]),
});
const AddComment = z.object({
  id: id('the proposal’s id'),
  body: commentBody,
  /** The comment this one answers. */
  parentId: id('the id of the comment you reply to').optional(),
});
const EditComment = z.object({ id: id('the comment’s id'), body: commentBody });
const CommentId = z.object({ id: id('the comment’s id') });
const HideComment = z.object({ id: id('the comment’s id'), hidden: z.boolean().default(true) });
const Fits = z.object({ id: id('the proposal’s id'), fits: z.boolean() });
const Follow = z.object({ id: id('the proposal’s id'), follow: z.boolean() });
const NewProposals = z.object({ newProposals: z.boolean() });
const Adopt = z.object({
  id: id('the proposal’s id'),
  /** The id it gets in the catalogue; made from its title when not given. */
  reasonId: ReasonSchema.shape.id.optional(),
});
const Decline = z.object({
  id: id('the proposal’s id'),
  reason: z
    .string()
    .trim()
    .min(1, 'expected a sentence saying why it is declined')
    .max(1000, 'expected at most 1,000 characters'),
});

/**
 * Who may call the proposal routes: anyone signed in, on their own organisation's proposals only
 * (each use case names it, and row-level security checks it again); deciding and hiding are the
 * admins'.
 */
export const PROPOSAL_ROUTES = {
  'GET /api/proposals': {
    policy: 'signed-in',
    summary: 'The reasons proposed in your organisation, newest first.',
  },
  'GET /api/proposals/item/:id': {
    policy: 'signed-in',
    summary: 'One proposal with its discussion.',
  },
  'POST /api/proposals/add': {
    policy: 'signed-in',
    summary: 'Propose a reason for your organisation’s catalogue.',
    input: Propose,
  },
  'POST /api/proposals/comment': {
    policy: 'signed-in',
    summary: 'Comment on a proposal, or reply to a comment.',
    input: AddComment,
  },
  'POST /api/proposals/comment/edit': {
    policy: 'signed-in',
    summary: 'Edit your own comment, within 15 minutes of writing it.',
    input: EditComment,
  },
  'POST /api/proposals/comment/delete': {
    policy: 'signed-in',
    summary: 'Delete your own comment, within 15 minutes of writing it.',
    input: CommentId,
  },
  'POST /api/proposals/comment/hide': {
    policy: 'admin',
    summary: 'Hide an abusive comment from members (or show it again).',
    input: HideComment,
  },
  'POST /api/proposals/fits': {
    policy: 'signed-in',
    summary: 'Say whether a proposed reason fits you.',
    input: Fits,
  },
  'POST /api/proposals/follow': {
    policy: 'signed-in',
    summary: 'Ask (or stop asking) to be emailed about follow-up comments on a proposal.',
    input: Follow,
  },
  'GET /api/proposals/notifications': {
    policy: 'signed-in',
    summary: 'Your email choices about proposals (all off until you turn them on).',
  },
  'POST /api/proposals/notifications': {
    policy: 'signed-in',
    summary: 'Ask (or stop asking) to be emailed about new proposals in your organisation.',
    input: NewProposals,
  },
  'POST /api/proposals/notifications/stop': {
    policy: 'signed-in',
    summary: 'Stop every email about proposals at once.',
  },
  'POST /api/proposals/adopt': {
    policy: 'admin',
    summary: 'Adopt a proposal: it becomes a reason in every member’s catalogue.',
    input: Adopt,
  },
  'POST /api/proposals/decline': {
    policy: 'admin',
    summary: 'Decline a proposal, saying why.',
    input: Decline,
  },
} satisfies RouteSpecs;

/** Reasons proposed and discussed in an organisation (issue 12); the use cases are proposals.ts. */
export function mountProposalRoutes(app: Hono<Env>, proposals: TeamProposals, log: (line: string) => void) {
  const as = (c: Context<Env>) => proposals.as(c.get('account'));
  const who = (c: Context<Env>) => c.get('account').id;

  app.get('/api/proposals', async (c) => c.json({ data: await as(c).list() }));
  app.get('/api/proposals/item/:id', async (c) => {
    const proposal = c.req.param('id');
    if (proposal.length > 100) throw new AppError('not-found', 'There is no such proposal.', { field: 'id' });
    return c.json({ data: await as(c).read(proposal) });
  });
  app.post('/api/proposals/add', async (c) => {
    const input = await body(c, Propose);
    const made = await as(c).propose(input);
    log(`proposal ${made.id} made by ${who(c)}`);
    return c.json({ data: made });
  });
  app.post('/api/proposals/comment', async (c) => {
    const input = await body(c, AddComment);
    return c.json({ data: await as(c).comment(input.id, input.body, input.parentId) });
  });
  app.post('/api/proposals/comment/edit', async (c) => {
    const input = await body(c, EditComment);
    return c.json({ data: await as(c).edit(input.id, input.body) });
  });
  app.post('/api/proposals/comment/delete', async (c) => {
    const input = await body(c, CommentId);
    return c.json({ data: await as(c).remove(input.id) });
  });
  app.post('/api/proposals/comment/hide', async (c) => {
    const input = await body(c, HideComment);
    const hidden = await as(c).hide(input.id, input.hidden);
    log(`comment ${input.id} ${input.hidden ? 'hidden' : 'shown again'} by ${who(c)}`);
    return c.json({ data: hidden });
  });
  app.post('/api/proposals/fits', async (c) => {
    const input = await body(c, Fits);
    return c.json({ data: await as(c).fits(input.id, input.fits) });
  });
  app.post('/api/proposals/follow', async (c) => {
    const input = await body(c, Follow);
    return c.json({ data: await as(c).follow(input.id, input.follow) });
  });
  app.get('/api/proposals/notifications', async (c) => c.json({ data: await as(c).notifications() }));
  app.post('/api/proposals/notifications', async (c) => {
    const input = await body(c, NewProposals);
    return c.json({ data: await as(c).setNewProposals(input.newProposals) });
  });
  app.post('/api/proposals/notifications/stop', async (c) => c.json({ data: await as(c).stopAll() }));
  app.post('/api/proposals/adopt', async (c) => {
    const input = await body(c, Adopt);
    const adopted = await as(c).adopt(input.id, input.reasonId);
    log(`proposal ${input.id} adopted by ${who(c)}`);
    return c.json({ data: adopted });
  });
  app.post('/api/proposals/decline', async (c) => {
    const input = await body(c, Decline);
    const declined = await as(c).decline(input.id, input.reason);
    log(`proposal ${input.id} declined by ${who(c)}`);
    return c.json({ data: declined });
  });
}
