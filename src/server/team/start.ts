import { sql } from 'kysely';
import { AppError } from '../../errors.js';
import { openEngine, openStores } from '../../store/open.js';
import { refuseUnsafeRole } from '../../store/row-security.js';
import { listen } from '../listen.js';
import { createTeamApp } from './app.js';
import type { TeamConfig } from './config.js';
import { type TeamDirectory, teamDirectory } from './directory.js';
import { eventChannel, eventHub } from './events.js';
import { signInLimits } from './limits.js';
import { type TeamMail, teamMail } from './mail.js';
import { teamProposals } from './proposals.js';
import { teamPublicLinks } from './public-links.js';
import { teamPush } from './push.js';
import { teamSchemaReady } from './schema.js';
import { teamSharing } from './sharing.js';

export interface RunningTeamServer {
  port: number;
  /** Its email: a test queues what is due now rather than wait for the next tick. */
  mail: TeamMail;
  close(): Promise<void>;
}

const NOT_MIGRATED =
  "This database is not set up for an organisation's server yet (or was set up by an older Hands-on): run `handson server migrate --grant-to ROLE` with the tables' owner first.";

/**
 * Opens the team database as the server's role and checks it is safe and ready before anything
 * listens: the role must be one that row-level security holds against, and the schema migrated.
 */
export async function openTeamDatabase(config: TeamConfig, now?: () => Date) {
  const options = { databaseUrl: config.databaseUrl, pgSchema: config.databaseSchema, dataDir: '.' };
  const engine = await openEngine(options);
  let directory: TeamDirectory;
  try {
    await refuseUnsafeRole(engine.db);
    if (!(await teamSchemaReady(engine.db))) throw new AppError('invalid', NOT_MIGRATED);
    directory = teamDirectory(engine.db, now, config.secretKey);
    await directory.secondFactor.checkKey();
  } catch (e) {
    await engine.destroy();
    throw e;
  }
  return { engine, directory, options };
}

/**
 * Everything the server's app needs, opened and checked: the journal Stores, the directory, the
 * shared sign-in limits, coaching and sharing, push, and the live-update listener.
 */
export async function openTeamServices(config: TeamConfig, log?: (line: string) => void, now?: () => Date) {
  const { engine, directory, options } = await openTeamDatabase(config, now);
  let stores: Awaited<ReturnType<typeof openStores>>;
  try {
    // The journal's own steps must have run too; the server's role may not run them itself.
    const { rows } = await sql<{
      found: string | null;
    }>`select to_regclass('handson_migrations')::text as found`.execute(engine.db);
    if (rows[0]?.found == null) throw new AppError('invalid', NOT_MIGRATED);
    stores = await openStores(options);
  } catch (e) {
    await engine.destroy();
    throw e;
  }
  const schema = config.databaseSchema ?? 'public';
  const channel = eventChannel(schema);
  const events = await eventHub(engine.pool!, channel, log);
  const sharing = teamSharing(engine.db, engine.pool!, channel, now);
  const mail = teamMail({
    db: engine.db,
    pool: engine.pool!,
    teamSchema: config.databaseSchema,
    stores,
    sharing,
    publicUrl: config.publicUrl,
    smtp: config.smtp,
    from: config.mailFrom,
    ...(now === undefined ? {} : { clock: now }),
    ...(log === undefined ? {} : { log }),
  });
  try {
    await mail.start();
  } catch (e) {
    await events.close();
    await stores.close();
    await engine.destroy();
    throw e;
  }
  return {
    engine,
    stores,
    directory,
    limits: signInLimits(engine.pool!, schema),
    sharing,
    proposals: teamProposals(engine.db, engine.pool!, now),
    events,
    push: teamPush(engine.db, now),
    mail,
    publicLinks: teamPublicLinks(engine.db, engine.pool!, now),
    async close() {
      // Open event streams end first: the server then has no request left to wait for.
      await events.close();
      // A send in progress finishes (or is handed back to the queue) before the pool closes.
      await mail.stop();
      await stores.close();
      await engine.destroy();
    },
  };
}

export async function startTeamServer(
  config: TeamConfig,
  listenOn: { port: number; hostname?: string | undefined; webRoot?: string | undefined },
  log?: (line: string) => void,
): Promise<RunningTeamServer> {
  const services = await openTeamServices(config, log);
  const server = await listen(
    listenOn.port,
    () =>
      createTeamApp({
        stores: services.stores,
        directory: services.directory,
        limits: services.limits,
        sharing: services.sharing,
        proposals: services.proposals,
        events: services.events,
        push: services.push,
        mail: services.mail,
        publicLinks: services.publicLinks,
        publicUrl: config.publicUrl,
        log,
        trustProxy: config.trustProxy,
        webRoot: listenOn.webRoot,
      }),
    { hostname: listenOn.hostname ?? '127.0.0.1', exactPort: true },
  );
  // Every instance ticks; the once is kept by the database (mail.ts), not by electing one of them.
  services.mail.startScheduler();
  return {
    port: server.port,
    mail: services.mail,
    async close() {
      await services.events.close();
      await server.close();
      await services.close();
    },
  };
}
