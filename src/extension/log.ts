// The one RegLab output channel (a LogOutputChannel: levels, timestamps, the user picks the
// level). Everything in the extension logs through `log`; it is created in activate() and
// disposed with the extension.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('RegLab', { log: true });
  return channel;
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export const log = {
  trace: (msg: string): void => channel?.trace(msg),
  debug: (msg: string): void => channel?.debug(msg),
  info: (msg: string): void => channel?.info(msg),
  warn: (msg: string): void => channel?.warn(msg),
  error: (msg: string, err?: unknown): void => channel?.error(err === undefined ? msg : `${msg}: ${errorText(err)}`),
  show: (): void => channel?.show(true),
};
