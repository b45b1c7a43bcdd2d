import { describe, expectTypeOf, it } from 'vitest';
import type * as Web from '../app/sharing/views.js';
import type * as Push from './team/push.js';
import type * as Server from './team/sharing.js';

/** The web app reads the sharing routes through app/sharing/views.ts: the same shapes as the server's. */
describe('the sharing views the web app reads', () => {
  it('are the shapes the server answers', () => {
    expectTypeOf<Server.CoachingView>().toEqualTypeOf<Web.CoachingView>();
    expectTypeOf<Server.ShareView>().toEqualTypeOf<Web.ShareView>();
    expectTypeOf<Server.SharedWithMe>().toEqualTypeOf<Web.SharedWithMe>();
    expectTypeOf<Server.SharedItem>().toEqualTypeOf<Web.SharedItem>();
    expectTypeOf<Server.CommentView>().toEqualTypeOf<Web.CommentView>();
    expectTypeOf<Server.AccessEntry>().toEqualTypeOf<Web.AccessEntry>();
    expectTypeOf<Push.PushToken>().toEqualTypeOf<Web.PushTokenView>();
  });
});
