/** The benchmark's results as one Markdown table (measured, target, baseline, ratio), for the README. */
import type { Summary } from './stats.js';
import type { BenchResults } from './run.js';

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${Math.round(v)} ms`);
const pq = (s: Summary | undefined) => (s && s.n ? `${ms(s.p50)} / ${ms(s.p95)}` : '—');
const ratio = (base: number | undefined, ours: number | undefined) =>
  base === undefined || ours === undefined || !Number.isFinite(base) || !Number.isFinite(ours) || ours === 0 ? '—' : `${(base / ours).toFixed(1)}x`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✅' : ' ❌');

export function markdownTable(r: BenchResults): string {
  const rows: string[][] = [];
  const c = r.camera;
  if (c) {
    rows.push(['Answer latency p50 / p95 (max), camera page in Chromium', `${pq(c.skill.answerMs)} (${ms(c.skill.answerMs.max)}), n=${c.skill.answered}/${c.skill.sessions}`, `p95 < 500 ms${verdict(c.skill.answerMs.p95 < 500)}`, `${pq(c.baseline.answerMs)}, n=${c.baseline.answered}/${c.baseline.sessions}`, ratio(c.baseline.answerMs.p95, c.skill.answerMs.p95)]);
    rows.push(['— the skill\'s own time p50 / p95', pq(c.skill.skillOwnMs), '', pq(c.baseline.skillOwnMs), ratio(c.baseline.skillOwnMs.p95, c.skill.skillOwnMs.p95)]);
    rows.push(['— signaling round trip p50 / p95', pq(c.skill.signalingMs), '', pq(c.baseline.signalingMs), ratio(c.baseline.signalingMs.p95, c.skill.signalingMs.p95)]);
    rows.push(['— camera page to an answer p50 / p95', pq(c.skill.cameraMs), '', pq(c.baseline.cameraMs), ratio(c.baseline.cameraMs.p95, c.skill.cameraMs.p95)]);
    const d = c.deadStun;
    rows.push([
      'Answer latency with a dead STUN server p50 / p95 (max)',
      `${pq(d.skill.answerMs)} (${ms(d.skill.answerMs.max)}), n=${d.skill.answered}/${d.skill.sessions}`,
      `< ${c.answerDeadlineMs} ms deadline${verdict(d.skill.answered === d.skill.sessions && d.skill.answerMs.max < c.answerDeadlineMs)}`,
      `${d.baseline.answered}/${d.baseline.sessions} answered; KVS gave up after ${ms(d.baseline.gaveUpAfterMs)}; its page finished gathering after ${pq(d.baseline.cameraMs)}`,
      d.baseline.answered === 0 ? 'no answer' : ratio(d.baseline.answerMs.p95, d.skill.answerMs.p95),
    ]);
    const rl = c.relay;
    const share = (run: { answered: number; withRelay: number }) => `${run.withRelay}/${run.answered} (${run.answered ? Math.round((run.withRelay / run.answered) * 100) : 0} %)`;
    rows.push(['Answer latency with relay candidates (TURN list from the emulator, coturn on loopback) p50 / p95 (max)', `${pq(rl.skill.answerMs)} (${ms(rl.skill.answerMs.max)}), n=${rl.skill.answered}/${rl.skill.sessions}`, `p95 < 1500 ms${verdict(rl.skill.answered > 0 && rl.skill.answerMs.p95 < 1500)}`, `${pq(rl.baseline.answerMs)}, n=${rl.baseline.answered}/${rl.baseline.sessions}`, ratio(rl.baseline.answerMs.p95, rl.skill.answerMs.p95)]);
    rows.push(['— answers carrying a relay candidate', share(rl.skill), `100 %${verdict(rl.skill.answered > 0 && rl.skill.withRelay === rl.skill.answered)}`, share(rl.baseline), '—']);
    rows.push(['— first decoded video frame after the directive p50 / p95', pq(rl.skill.firstFrameMs), '', pq(rl.baseline.firstFrameMs), ratio(rl.baseline.firstFrameMs?.p95, rl.skill.firstFrameMs?.p95)]);
    rows.push(['First decoded video frame after the directive p50 / p95', pq(c.skill.firstFrameMs), `p95 < 1500 ms${verdict(c.skill.firstFrameMs ? c.skill.firstFrameMs.p95 < 1500 : undefined)}`, pq(c.baseline.firstFrameMs), ratio(c.baseline.firstFrameMs?.p95, c.skill.firstFrameMs?.p95)]);
    for (const l of c.load) {
      rows.push([`${l.sessions} concurrent session${l.sessions > 1 ? 's' : ''} on the camera page: fps each (min), smallest frame, CPU`, `${l.minFps} fps min (${l.fpsEach.join(', ')}), ${l.smallestFrame}; camera browser ${l.cameraCpuPercent}% of a core, offerers' browser ${l.offererCpuPercent}%, machine ${l.machineBusyPercent}% busy`, l.sessions === 10 ? `>= 15 fps each${verdict(l.minFps >= 15)}` : '', '—', '—']);
    }
  }
  const sk = r.soak;
  if (sk) {
    const share = sk.offersSent ? Math.round((sk.offersAnswered / sk.offersSent) * 1000) / 10 : 0;
    rows.push([
      `Soak: camera page alone for ${sk.simulatedHours} simulated hours (${sk.renewals} credential renewals at ${sk.ttlSeconds} s lifetimes, ${sk.wallSeconds} s)`,
      `${sk.offersAnswered}/${sk.offersSent} offers answered (${share} %); ${sk.humanActions} human actions; heap ${sk.heapStartMB} -> ${sk.heapEndMB} MB (${sk.heapGrowthMB >= 0 ? '+' : ''}${sk.heapGrowthMB} MB); ${sk.signalingConnects} signaling reconnects`,
      `100 % over >= 48 h, 0 actions, heap < +20 MB${verdict(sk.offersSent > 0 && sk.offersAnswered === sk.offersSent && sk.simulatedHours >= 48 && sk.humanActions === 0 && sk.heapGrowthMB < 20)}`,
      '—',
      '—',
    ]);
  }
  const cs = r.coldStart;
  if (cs) {
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
    rows.push(['Skill bundle loaded at a cold start, minified (gzip)', `${kb(cs.bundleBytes)} (${kb(cs.bundleGzipBytes)})${cs.bundleTotalBytes ? `; ${kb(cs.bundleTotalBytes)} with every lazily loaded chunk` : ''}`, `< 700 KB${verdict(cs.bundleBytes < 700 * 1024)}`, `${kb(cs.baseline.bundleBytes)} (${kb(cs.baseline.bundleGzipBytes)})`, ratio(cs.baseline.bundleBytes, cs.bundleBytes)]);
    rows.push([`Cold start: import + first answer (Discover), median of ${cs.processes} fresh processes`, `${ms(cs.importAndFirstAnswerMs.p50)} (import ${ms(cs.importMs.p50)} + answer ${ms(cs.firstAnswerMs.p50)}); p95 ${ms(cs.importAndFirstAnswerMs.p95)}`, `< 120 ms${verdict(cs.importAndFirstAnswerMs.p50 < 120)}`, `import alone ${ms(cs.baseline.importMs.p50)}`, `${ratio(cs.baseline.importMs.p50, cs.importMs.p50)} (import)`]);
  }
  const sl = r.skillLoad;
  if (sl) {
    const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${v} ${k}`).join(' + ') || '0';
    const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    rows.push(['AWS calls per warm session (counted at the emulator)', fmt(sl.awsCallsPerWarmSession), '', fmt(sl.baselineAwsCallsPerSession), ratio(total(sl.baselineAwsCallsPerSession), total(sl.awsCallsPerWarmSession))]);
    for (const row of sl.rows) {
      rows.push([`Skill: ${row.directive}, ${row.callers} concurrent caller${row.callers > 1 ? 's' : ''}: throughput, p95`, `${row.perSecond}/s, p95 ${ms(row.latencyMs.p95)}${row.errors ? `, ${row.errors} errors` : ''}`, '', row.baseline ? `${row.baseline.perSecond}/s, p95 ${ms(row.baseline.latencyMs.p95)}` : '—', row.baseline ? ratio(row.baseline.latencyMs.p95, row.latencyMs.p95) : '—']);
    }
  }
  const e = r.emulator;
  if (e) {
    rows.push(['KVS emulator: SendAlexaOfferToMaster round trip p50 / p95 (master answers at once)', `${e.offerRoundTripMs.p50} / ${e.offerRoundTripMs.p95} ms; inside the emulator ${e.emulatorSideMs.p50} / ${e.emulatorSideMs.p95} ms; ${e.emulatorCpuMsPerOffer} ms CPU each`, '', '—', '—']);
    const last = e.capacity.at(-1);
    if (last) rows.push(['KVS emulator: concurrent channels x clients held', `${last.channels} x 11 = ${last.clients} sockets, offer p95 ${last.offerRoundTripMs.p95} ms, RSS ${last.emulatorRssMB} MB (${e.stoppedBecause})`, '', '—', '—']);
  }
  if (r.audit) rows.push(['npm audit --omit=dev: high + critical', r.audit.ran ? String(r.audit.highOrCritical) : `not run: ${r.audit.error}`, `0${verdict(r.audit.ran ? r.audit.highOrCritical === 0 : undefined)}`, '—', '—']);
  const header = ['Figure', 'Measured', 'Target', 'Baseline (original sample)', 'Baseline / ours'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
