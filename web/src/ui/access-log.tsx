import { accessActionText, shareKindText, viaText } from '../../../src/domain/present/sharing.js';
import { ACCESS_LOG_CSV, sharing } from '../api/sharing.js';
import { dateTime } from '../lib/format.js';
import { useAppState } from '../state.js';
import { LoadError, Skeleton } from './common.js';
import { useApi } from './hooks.js';

/**
 * Who did what with the items a leader shared, oldest first: each share, update, revocation and
 * read, with the version and through what. The server keeps the log append-only; the leader can
 * take it away as CSV.
 */
export function AccessLog({ version }: { version: number }) {
  const { profile } = useAppState();
  const log = useApi(() => sharing.accessLog(), [version]);
  return (
    <section class="section" aria-labelledby="access-log-h">
      <h2 id="access-log-h">Who read what</h2>
      <p class="muted small">
        Every time an item of yours was shared, updated, stopped or read, as the server recorded it. No one
        can change or delete these lines.
      </p>
      {log.error && <LoadError error={log.error} retry={() => void log.reload()} />}
      {log.loading && <Skeleton heights={[120]} text="Reading the access log…" />}
      {log.data && log.data.length === 0 && <p class="empty">Nothing yet: you have not shared anything.</p>}
      {log.data && log.data.length > 0 && (
        <>
          <div class="table-wrap card">
            <table>
              <caption class="vh">The access log of your shared items</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Which item</th>
                  <th scope="col" class="num">
                    Version
                  </th>
                  <th scope="col">Through</th>
                </tr>
              </thead>
              <tbody>
                {[...log.data].reverse().map((e, i) => (
                  <tr key={`${e.at}-${e.shareId}-${e.action}-${i}`}>
                    <td>{dateTime(e.at, profile.profile.tz)}</td>
                    <td>{e.actor.name}</td>
                    <td>{accessActionText(e.action)}</td>
                    <td>
                      {e.title} <span class="muted">({shareKindText(e.kind).toLowerCase()})</span>
                    </td>
                    <td class="num">{e.version}</td>
                    <td>{viaText(e.via)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href={ACCESS_LOG_CSV} download>
              Download CSV
            </a>
          </p>
        </>
      )}
    </section>
  );
}
