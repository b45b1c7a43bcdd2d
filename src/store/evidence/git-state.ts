import type { GitRepoState } from '../../domain/evidence/evidence.js';
import { json, parse } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { GitStateStore } from '../store.js';
import type { GitStateRow } from '../tables.js';

export const gitStateRecords = {
  async getGitState(scope: Scope, repo: string): Promise<GitRepoState | undefined> {
    const row = await scope.db
      .selectFrom('git_state')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('repo', '=', repo)
      .executeTakeFirst();
    return row === undefined ? undefined : toGitState(row);
  },

  async listGitStates(scope: Scope): Promise<GitRepoState[]> {
    const rows = await scope.db
      .selectFrom('git_state')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('repo')
      .execute();
    return rows.map(toGitState);
  },

  async saveGitState(scope: Scope, state: GitRepoState): Promise<void> {
    const row: GitStateRow = {
      repo: state.repo,
      path: state.path,
      heads: json(state.heads),
      authors: json(state.authors),
      last_import_at: state.lastImportAt,
    };
    const { repo: _repo, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('git_state')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'repo']).doUpdateSet(rest))
        .execute(),
    );
  },
} satisfies Part<GitStateStore>;

function toGitState(row: GitStateRow): GitRepoState {
  return {
    repo: row.repo,
    path: row.path,
    heads: parse<string[]>(row.heads),
    authors: parse<string[]>(row.authors),
    lastImportAt: row.last_import_at,
  };
}
