import { test } from 'vitest';
import { Radicale, vevent } from './test-support/radicale.js';
import { propfind, syncCollection } from 'tsdav';

test('scratch', async () => {
  const t0 = Date.now();
  const r = await Radicale.start();
  console.log('start ms', Date.now() - t0);
  const auth = { authorization: `Basic ${Buffer.from(`alice:${r.users.alice}`).toString('base64')}` };
  const cal = await r.makeCalendar('alice', { displayName: 'Work' });
  await r.makeCalendar('alice', { components: ['VTODO'] });
  await r.makeAddressBook('alice');
  const p = await r.put(cal, 'a.ics', vevent({ uid: 'a', summary: 'A', start: '2024-03-04T09:00:00Z', end: '2024-03-04T10:00:00Z' }));
  console.log(p);
  const props = { 'd:resourcetype': {}, 'd:displayname': {}, 'cs:getctag': {}, 'd:sync-token': {}, 'd:current-user-principal': {}, 'c:calendar-home-set': {}, 'c:supported-calendar-component-set': {} };
  for (const u of [r.url, r.homeUrl(), cal]) {
    const res = await propfind({ url: u, props, depth: '0', headers: auth });
    console.log(u, JSON.stringify(res.map(({ raw, ...x }) => x), null, 1));
  }
  const res = await propfind({ url: r.homeUrl(), props, depth: '1', headers: auth });
  console.log(JSON.stringify(res.map(({ raw, ...x }) => x), null, 1));
  const s = await syncCollection({ url: cal, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: '', headers: auth });
  console.log(JSON.stringify(s, null, 1));
  const bad = await syncCollection({ url: cal, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: 'garbage', headers: auth });
  console.log(JSON.stringify(bad, null, 1));
  const wrong = await propfind({ url: r.url, props, depth: '0', headers: { authorization: 'Basic ' + Buffer.from('alice:nope').toString('base64') } });
  console.log(JSON.stringify(wrong, null, 1));
  const other = await propfind({ url: r.homeUrl('bob'), props, depth: '0', headers: auth });
  console.log(JSON.stringify(other, null, 1));
  await r.stop();
});
