// A CPU profile of the extension host itself (the tests run inside it), taken with the inspector
// while a sweep trains, to find synchronous work that blocks the host's event loop. Only when
// REGLAB_HOST_PROFILE names a file: profiling slows the host down, so the lag figures of a
// profiled run are not the ones to report.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

export class HostProfiler {
  private session: Session | undefined;

  constructor(private readonly file = process.env.REGLAB_HOST_PROFILE) {}

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => this.session!.post(method, params ?? {}, (err, r) => (err ? reject(err) : resolve(r as T))));
  }

  async start(): Promise<void> {
    if (!this.file) return;
    this.session = new Session();
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 250 });
    await this.post('Profiler.start');
  }

  async stop(): Promise<string | undefined> {
    if (!this.session || !this.file) return undefined;
    const { profile } = await this.post<{ profile: unknown }>('Profiler.stop');
    this.session.disconnect();
    this.session = undefined;
    writeFileSync(this.file, JSON.stringify(profile));
    return this.file;
  }
}
