/**
 * A ping that runs through something (an apply, a restart) and says what it
 * lost: iputils `ping -D -i 0.01` in a container's network namespace, stopped
 * with SIGINT; lost replies from its own summary (transmitted − received) and
 * the longest gap between two consecutive replies from their `-D` timestamps.
 */
import { execa, type ResultPromise } from 'execa';

/** What a continuous ping saw. */
export interface PingOutcome {
  readonly transmitted: number;
  readonly received: number;
  readonly lostReplies: number;
  /** Longest time between two consecutive replies (ms); the whole window when fewer than two came. */
  readonly longestGapMs: number;
  readonly windowMs: number;
}

/** A running ping; `stop()` ends it and reads what it saw. */
export interface ContinuousPing {
  stop(): Promise<PingOutcome>;
}

/** Starts pinging `address` every 10 ms from the network namespace of `pid`. */
export function startContinuousPing(pid: string, address: string): ContinuousPing {
  const started = performance.now();
  const child: ResultPromise = execa('nsenter', ['-t', pid, '-n', 'ping', '-n', '-D', '-i', '0.01', address], {
    reject: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeout: 900_000,
  });
  return {
    async stop() {
      const windowMs = performance.now() - started;
      child.kill('SIGINT');
      const run = await child;
      const out = String(run.stdout);
      const summary = /(\d+) packets transmitted, (\d+) received/.exec(out);
      if (!summary) throw new Error(`ping to ${address} ended without a summary: ${String(run.stderr).slice(0, 300)}`);
      const times = [...out.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from /gm)].map((m) => Number(m[1]) * 1000);
      let longestGapMs = times.length < 2 ? windowMs : 0;
      for (let i = 1; i < times.length; i++) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]!);
      const transmitted = Number(summary[1]);
      const received = Number(summary[2]);
      return { transmitted, received, lostReplies: transmitted - received, longestGapMs, windowMs };
    },
  };
}
