// Test declarations for the end-to-end suite: one code-server session per describe block, shared by
// its tests in order; failures leave a screenshot; missing tools fail the suite (or skip it, with
// the reason printed, under REGLAB_ALLOW_MISSING_E2E=1).
import { after, before, describe, test, TestContext } from 'node:test';
import { e2eSkipReason } from './prerequisites';
import { Session, SessionOptions } from './session';

export interface E2EContext {
  session: () => Session;
  /** Declares a test that runs in the shared session. */
  step: (name: string, fn: (s: Session, t: TestContext) => Promise<void>, timeoutMs?: number) => void;
}

export function describeE2E(title: string, options: SessionOptions, body: (ctx: E2EContext) => void): void {
  describe(title, () => {
    let session: Session | undefined;
    let skip: string | undefined;
    let startError: Error | undefined;
    before(async () => {
      skip = e2eSkipReason();
      if (skip) return;
      try {
        session = await Session.start(options);
      } catch (e) {
        startError = e as Error;
      }
    }, { timeout: 10 * 60_000 });
    after(async () => {
      await session?.close();
    }, { timeout: 60_000 });
    body({
      session: () => {
        if (!session) throw startError ?? new Error('the end-to-end session did not start');
        return session;
      },
      step: (name, fn, timeoutMs = 120_000) => {
        test(name, { timeout: timeoutMs }, async (t) => {
          if (skip) return t.skip(skip);
          if (!session) throw startError ?? new Error('the end-to-end session did not start');
          try {
            await fn(session, t);
          } catch (e) {
            await session.captureFailure(name);
            throw e;
          }
        });
      },
    });
  });
}
